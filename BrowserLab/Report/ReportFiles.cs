namespace Lab.BrowserLab.Report;

/// <summary>Writes report.json, report.md, report.html, timeline.png and, with several navigations, one
/// timeline-navN.png per navigation into the output directory.</summary>
public static class ReportFiles
{
    public const string Json = "report.json";
    public const string Markdown = "report.md";
    public const string Html = "report.html";
    public const string Chart = "timeline.png";

    public static IReadOnlyList<string> Write(ExperimentReport report, string directory)
    {
        var chart = Path.Combine(directory, Chart);
        TimelineChart.Save(report, chart);
        var panels = new List<(string Name, byte[] Png)>();
        foreach (var n in NavigationPanels(report))
        {
            var panel = Path.Combine(directory, PanelFile(n));
            TimelineChart.SaveNavigation(report, n, panel);
            panels.Add((PanelFile(n), File.ReadAllBytes(panel)));
        }
        File.WriteAllText(Path.Combine(directory, Json), ReportJson.Serialize(report));
        File.WriteAllText(Path.Combine(directory, Markdown), MarkdownReport.Render(report));
        File.WriteAllText(Path.Combine(directory, Html), HtmlReport.Render(report, File.ReadAllBytes(chart), panels));
        return [Path.Combine(directory, Json), Path.Combine(directory, Markdown), Path.Combine(directory, Html), chart,
            .. panels.Select(p => Path.Combine(directory, p.Name))];
    }

    /// <summary>Navigations that get a panel of their own: every one that has connections, when there are several.</summary>
    public static IEnumerable<int> NavigationPanels(ExperimentReport report) =>
        report.Navigations.Count < 2 ? [] : report.Navigations.Select(n => n.Index).Where(i => report.Connections.Any(c => c.Navigation == i));

    public static string PanelFile(int navigation) => $"timeline-nav{navigation}.png";
}
