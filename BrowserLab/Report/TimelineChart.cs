using Lab.Logs;
using Lab.BrowserLab.Join;
using ScottPlot;

namespace Lab.BrowserLab.Report;

/// <summary>The timeline PNG: one lane per connection, a bar from connect to close, marks for connect
/// (circle), first byte (triangle) and close (square); colour by role.</summary>
internal static class TimelineChart
{
    public static void Save(ExperimentReport report, string path) =>
        Save(report, path, report.Connections, report.Navigations.Select(n => n.Index).ToHashSet(),
            $"{report.Policy}: {report.Summary.Connections} connections, {report.Summary.Retries} retries, {report.Summary.UnusedPreconnects} unused");

    /// <summary>One navigation's connections on an axis of their own: a 30 s run's axis hides a 20 ms burst.</summary>
    public static void SaveNavigation(ExperimentReport report, int navigation, string path) =>
        Save(report, path, report.Connections.Where(c => c.Navigation == navigation).ToList(), new HashSet<int> { navigation },
            $"{report.Policy}, navigation {navigation}: {report.Connections.Count(c => c.Navigation == navigation)} connections");

    private static void Save(ExperimentReport report, string path, IReadOnlyList<JoinedConnection> connections, IReadOnlySet<int> navigations, string title)
    {
        var plot = new Plot();
        var lanes = new List<Tick>();
        for (var i = 0; i < connections.Count; i++)
        {
            var c = connections[i];
            double y = connections.Count - i;
            var color = RoleColor(c.Role);
            var from = c.ConnectMs ?? c.FirstByteMs ?? 0;
            var to = c.CloseMs ?? from;
            var bar = plot.Add.Line(from, y, to, y);
            bar.Color = color.WithAlpha(0.5);
            bar.LineWidth = 6;
            Mark(plot, c.ConnectMs, y, MarkerShape.FilledCircle, color);
            Mark(plot, c.FirstByteMs, y, MarkerShape.FilledTriangleUp, color);
            Mark(plot, c.CloseMs, y, MarkerShape.FilledSquare, color);
            var id = c.PortId is { } p ? LogContract.FormatPort(p) : "(no gateway record)";
            lanes.Add(new Tick(y, $"{id} :{c.ClientPort} {c.Role}"));
        }
        foreach (var n in report.Navigations.Where(n => navigations.Contains(n.Index)))
        {
            var x = (n.StartedAt - report.StartedAt).TotalMilliseconds;
            var line = plot.Add.VerticalLine(x);
            line.Color = Colors.Gray;
            line.LinePattern = LinePattern.Dashed;
            line.LabelText = $"nav {n.Index}";
        }
        // The legend in the picture itself: roles by colour, events by mark.
        foreach (var role in new[] { ConnectionRole.Original, ConnectionRole.Retry, ConnectionRole.Other, ConnectionRole.Unused, ConnectionRole.Unexplained })
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = role, LineColor = RoleColor(role), LineWidth = 6 });
        foreach (var (label, shape) in new[] { ("connect (browser)", MarkerShape.FilledCircle), ("first byte (browser)", MarkerShape.FilledTriangleUp), ("close (gateway)", MarkerShape.FilledSquare) })
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, MarkerShape = shape, MarkerFillColor = Colors.Black, MarkerLineColor = Colors.Black, MarkerSize = 9 });
        plot.ShowLegend(Edge.Right); // beside the lanes, never over them
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(lanes.ToArray());
        plot.Axes.SetLimitsY(0.3, connections.Count + 0.7);
        plot.XLabel("ms since the first navigation");
        plot.Title(title);
        plot.SavePng(path, 1300, Math.Max(300, 110 + 34 * connections.Count));
    }

    private static void Mark(Plot plot, double? x, double y, MarkerShape shape, Color color)
    {
        if (x is not { } value)
            return;
        var marker = plot.Add.Marker(value, y, shape, 11);
        marker.Color = color;
    }

    private static Color RoleColor(string role) => role switch
    {
        ConnectionRole.Original => Colors.SteelBlue,
        ConnectionRole.Retry => Colors.OrangeRed,
        ConnectionRole.Unused => Colors.Gray,
        ConnectionRole.Other => Colors.SeaGreen,
        _ => Colors.Magenta,
    };
}
