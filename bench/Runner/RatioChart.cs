using System.Globalization;
using ScottPlot;

namespace Lab.Bench;

/// <summary>
/// A PNG of the gateway against each peer (OTP, bare Kestrel, Netty, Go: those the run measured), one row per line of the table (a line that repeats
/// another's workload and metric, like scaling at 100 = echo 100 × 64 B, is drawn once). Every bar is
/// oriented the same way, "times better for the gateway": gateway ÷ reference where higher is better,
/// reference ÷ gateway where lower is better, so right of 1 is always the gateway ahead. A whisker spans
/// what the repetitions allow (the worst pairing of min and max to the best); a bar that does not fit the axis,
/// or has no whisker, has its figures written in a column on the right (<see cref="Label"/>).
/// </summary>
internal static class RatioChart
{
    /// <summary>The peers in the order their bars are stacked in a row (top first), with their colours.</summary>
    private static readonly (string Name, Color Color, string Word)[] Peers =
    [
        ("otp", Colors.IndianRed, "red"), ("kestrel", Colors.SteelBlue, "blue"), ("netty", Colors.SeaGreen, "green"), ("go", Colors.DarkGoldenRod, "gold"),
    ];

    private const double RowHeight = 5;

    public static IReadOnlyList<ChartRow> Rows(BenchReport report)
    {
        var rows = new List<ChartRow>();
        var seen = new HashSet<(string, string)>();
        foreach (var line in report.Lines)
        {
            if (!seen.Add((line.Workload, line.Metric)))
                continue;
            foreach (var reference in Peers.Select(p => p.Name))
            {
                if (Advantage(line, reference) is { } row)
                    rows.Add(row);
            }
        }
        return rows;
    }

    private static ChartRow? Advantage(BenchLine line, string reference)
    {
        if (!line.Median.TryGetValue("gateway", out var g) || !line.Median.TryGetValue(reference, out var r) || g <= 0 || r <= 0)
            return null; // nothing to divide (a reference without the figure, or a net figure at or below zero)
        var (gMin, gMax) = (line.Range["gateway"][0], line.Range["gateway"][1]);
        var (rMin, rMax) = (line.Range[reference][0], line.Range[reference][1]);
        var title = $"{line.Title}, {line.Unit}";
        return line.HigherIsBetter
            ? new ChartRow(title, reference, g / r, rMax > 0 ? gMin / rMax : null, rMin > 0 ? gMax / rMin : null)
            : new ChartRow(title, reference, r / g, gMax > 0 ? rMin / gMax : null, gMin > 0 ? rMax / gMin : null);
    }

    /// <summary>The x axis is log2 of the advantage, clamped to 1/16×–16× (a clamped bar or whisker is named in
    /// the label column): ratios are multiplicative, and one 100× outlier must not flatten every other row.</summary>
    private const double Clamp = 4;

    /// <summary>The value label of a bar, or null for one the axis shows whole: a bar or whisker beyond 1/16×–16×, or a
    /// bar without its whisker (an end of its range had nothing to divide by), gets its median and range in the label
    /// column right of 16×. A range with a missing end is never printed half open: its upper end missing (a
    /// repetition measured 0 on the side divided by) it reads "(≥ low)", its lower end missing "(≤ high)".</summary>
    public static string? Label(ChartRow row)
    {
        static bool Clamped(double? ratio) => ratio is { } r && Math.Abs(Math.Log2(r)) > Clamp;
        if (!Clamped(row.Advantage) && !Clamped(row.Low) && !Clamped(row.High) && row.Low is not null && row.High is not null)
            return null;
        var range = (row.Low, row.High) switch
        {
            ({ } low, { } high) => $" ({F(low)}–{F(high)})",
            ({ } low, null) => $" (≥ {F(low)})",
            (null, { } high) => $" (≤ {F(high)})",
            _ => "",
        };
        return $"{F(row.Advantage)}×{range}";
    }

    private static string F(double ratio) => ratio.ToString(ratio >= 0.01 ? "0.##" : "G2", CultureInfo.InvariantCulture);

    /// <summary>Draws the chart into <paramref name="path"/> and returns the labels it drew, top row first.</summary>
    public static IReadOnlyList<string> Save(BenchReport report, string path)
    {
        var rows = Rows(report);
        var titles = rows.Select(r => r.Title).Distinct().ToList();
        var plot = new Plot();
        var ticks = new List<Tick>();
        var labels = new List<(string Text, double Y)>();
        static double X(double ratio) => Math.Clamp(Math.Log2(ratio), -Clamp, Clamp);
        for (var i = 0; i < titles.Count; i++)
        {
            // The first line of the table at the top.
            var y = (titles.Count - 1 - i) * RowHeight;
            ticks.Add(new Tick(y + (Peers.Length - 1) / 2.0, titles[i]));
            // The peers' bars top down in Peers' order: labels in the same order, top first.
            foreach (var row in rows.Where(r => r.Title == titles[i]).OrderBy(r => Array.FindIndex(Peers, p => p.Name == r.Reference)))
            {
                var index = Array.FindIndex(Peers, p => p.Name == row.Reference);
                var at = y + (Peers.Length - 1 - index);
                var color = Peers[index].Color;
                var bars = plot.Add.Bars(new[] { new Bar { Position = at, Value = X(row.Advantage), ValueBase = 0, FillColor = color, Size = 0.9 } });
                bars.Horizontal = true;
                if (row.Low is { } low && row.High is { } high)
                {
                    var whisker = plot.Add.Line(X(low), at, X(high), at);
                    whisker.Color = Colors.Black;
                    whisker.LineWidth = 1.5f;
                }
                if (Label(row) is { } text)
                    labels.Add((text, at));
            }
        }
        // The label column: right of the frame's 16×, as wide as the longest label, so no label is clipped by the
        // frame or drawn over a bar. The scale of the axis is the same with or without it.
        const int plotWidth = 930;
        var pixelsPerUnit = plotWidth / (2 * Clamp + 0.4);
        var column = labels.Count == 0 ? 0 : 20 + 6 * labels.Max(l => l.Text.Length);
        foreach (var (text, at) in labels)
        {
            var label = plot.Add.Text(text, Clamp + 0.2 + 8 / pixelsPerUnit, at);
            label.LabelFontSize = 10;
            label.LabelAlignment = Alignment.MiddleLeft;
        }
        if (labels.Count > 0)
        {
            var edge = plot.Add.VerticalLine(Clamp + 0.2);
            edge.Color = Colors.Gray;
            edge.LineWidth = 1;
        }
        var one = plot.Add.VerticalLine(0);
        one.Color = Colors.Black;
        one.LinePattern = LinePattern.Dashed;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(-(int)Clamp, 2 * (int)Clamp + 1).Select(e => new Tick(e, e >= 0 ? $"{Math.Pow(2, e):0}×" : $"1/{Math.Pow(2, -e):0}×")).ToArray());
        plot.Axes.SetLimitsX(-Clamp - 0.2, Clamp + 0.2 + column / pixelsPerUnit);
        plot.XLabel("times better for the gateway (log scale): right of 1× it is ahead; whisker = range over the repetitions");
        var legend = string.Join(", ", Peers.Where(p => rows.Any(r => r.Reference == p.Name)).Select(p => $"{p.Name} ({p.Word})"));
        plot.Title($"Lab bench {report.At:yyyy-MM-dd HH:mm} UTC{(report.Commit.Length > 0 ? $", {report.Commit}" : "")}\nthe gateway vs {legend}");
        // Room for the longest label on the left, so none is clipped.
        var left = 40 + 7 * titles.DefaultIfEmpty("").Max(t => t.Length);
        plot.Layout.Fixed(new PixelPadding(left, 30, 70, 70));
        plot.SavePng(path, left + plotWidth + 30 + column, 130 + 56 * titles.Count);
        return labels.Select(l => l.Text).ToList();
    }
}
