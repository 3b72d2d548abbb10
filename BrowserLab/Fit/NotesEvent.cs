namespace Lab.BrowserLab.Fit;

/// <summary>What a line of the notes records, and what a prediction must be to explain it: the gateway
/// accepting a connection (<c>init ok</c>, a new <c>#Port</c>) or a request arriving (<c>head_error</c>).</summary>
internal enum NotesEvent
{
    Accepted,
    Request,
}
