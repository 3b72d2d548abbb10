namespace Lab.BrowserLab.Report.Document;

/// <summary>One block of a report: what is said, not how a format draws it. Text may hold <c>`code`</c>
/// spans, which each writer renders its own way.</summary>
internal abstract record ReportBlock;
