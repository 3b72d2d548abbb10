namespace Lab.Logs;

/// <summary>Which side ended a connection (<c>closedBy</c> in <c>do_terminate</c>).</summary>
internal enum ClosingSide
{
    Gateway,
    Peer,
}
