namespace Lab.Logs;

/// <summary>Which listener a socket belongs to: the frame port or the HTTP lab endpoint. Its names in
/// <c>init ok</c>, <c>listen</c> and <c>ports.log</c> come from the gateway's LogNames.</summary>
internal enum ListenerKind
{
    Frames,
    Http,
}
