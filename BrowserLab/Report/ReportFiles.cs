namespace Lab.BrowserLab.Report;

/// <summary>Writes report.json, report.md, report.html and timeline.png into the output directory.</summary>
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
        File.WriteAllText(Path.Combine(directory, Json), ReportJson.Serialize(report));
        File.WriteAllText(Path.Combine(directory, Markdown), MarkdownReport.Render(report));
        File.WriteAllText(Path.Combine(directory, Html), HtmlReport.Render(report, File.ReadAllBytes(chart)));
        return [Path.Combine(directory, Json), Path.Combine(directory, Markdown), Path.Combine(directory, Html), chart];
    }
}
