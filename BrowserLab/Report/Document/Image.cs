namespace Lab.BrowserLab.Report.Document;

/// <summary>An image file written beside the report: Markdown links it, HTML embeds it so the page stands alone.</summary>
internal sealed record Image(string? Id, string Alt, string File) : ReportBlock;
