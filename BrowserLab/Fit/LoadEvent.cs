namespace Lab.BrowserLab.Fit;

/// <summary>Something the gateway saw during one load, in seconds after that load's first event, and the connection
/// it saw it on (its <c>portId</c>): a prediction that repeats this event names that connection.</summary>
internal sealed record LoadEvent(NotesEvent Kind, double OffsetS, long PortId);
