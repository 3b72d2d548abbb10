namespace Lab.BrowserLab.Report.Document;

/// <summary>A section heading; level 1 is the title.</summary>
internal sealed record Heading(int Level, string Text) : ReportBlock;
