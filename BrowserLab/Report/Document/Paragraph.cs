namespace Lab.BrowserLab.Report.Document;

internal sealed record Paragraph(string Text) : ReportBlock;
