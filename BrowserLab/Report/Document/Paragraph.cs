namespace Lab.BrowserLab.Report.Document;

public sealed record Paragraph(string Text) : ReportBlock;
