using Lab.BrowserLab.Report.Explorer;

namespace Lab.BrowserLab.Report.Document;

/// <summary>The timeline a person explores: drawn in report.html by its own script from <paramref name="Model"/>
/// (zoom, pan, hover, filters); report.md, which cannot, says where it is.</summary>
internal sealed record InteractiveTimeline(string Id, ExplorerModel Model) : ReportBlock;
