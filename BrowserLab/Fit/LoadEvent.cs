namespace Lab.BrowserLab.Fit;

/// <summary>Something the gateway saw during one load, in seconds after that load's first event.</summary>
internal sealed record LoadEvent(NotesEvent Kind, double OffsetS);
