using Lab.BrowserLab.Report.Document;

namespace Lab.BrowserLab.Report;

/// <summary>Writes report.json, report.md, report.html, timeline.png and, with several navigations, one
/// timeline-navN.png per navigation into the output directory.</summary>
internal static class ReportFiles
{
    public const string Json = "report.json";
    public const string Markdown = "report.md";
    public const string Html = "report.html";
    public const string Chart = "timeline.png";

    public static IReadOnlyList<string> Write(ExperimentReport report, string directory)
    {
        var chart = Path.Combine(directory, Chart);
        TimelineChart.Save(report, chart);
        var panels = NavigationPanels(report).Select(n =>
        {
            var panel = Path.Combine(directory, PanelFile(n));
            TimelineChart.SaveNavigation(report, n, panel);
            return panel;
        }).ToList();
        var document = ExperimentDocument.Build(report);
        File.WriteAllText(Path.Combine(directory, Json), ReportJson.Serialize(report));
        File.WriteAllText(Path.Combine(directory, Markdown), MarkdownWriter.Write(document));
        File.WriteAllText(Path.Combine(directory, Html), HtmlWriter.Write(document, file => File.ReadAllBytes(Path.Combine(directory, file))));
        return [Path.Combine(directory, Json), Path.Combine(directory, Markdown), Path.Combine(directory, Html), chart, .. panels];
    }

    /// <summary>Navigations that get a panel of their own: every one that has connections, when there are several.</summary>
    public static IEnumerable<int> NavigationPanels(ExperimentReport report) =>
        report.Navigations.Count < 2 ? [] : report.Navigations.Select(n => n.Index).Where(i => report.Connections.Any(c => c.Navigation == i));

    public static string PanelFile(int navigation) => $"timeline-nav{navigation}.png";
}
