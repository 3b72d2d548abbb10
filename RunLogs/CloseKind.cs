namespace Lab.Logs;

/// <summary>What the gateway's side put on the wire when it let go of a socket.</summary>
internal enum CloseKind
{
    /// <summary>A graceful close: FIN.</summary>
    Fin,

    /// <summary>An abortive close: RST (asked for with linger 0, or forced by unread bytes).</summary>
    Rst,

    /// <summary>Nothing: the peer reset the connection first, so the kernel had nothing left to send.</summary>
    None,
}
