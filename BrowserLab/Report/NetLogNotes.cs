namespace Lab.BrowserLab.Report;

/// <summary>How complete the NetLog was, and what it counted.</summary>
internal sealed record NetLogNotes(bool Truncated, int SkippedLines, int Sockets, int RestartsAfterError);
