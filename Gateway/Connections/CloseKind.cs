namespace Lab.Gateway.Connections;

/// <summary>What the gateway's side put on the wire when it let go of a socket.</summary>
public static class CloseKind
{
    /// <summary>A graceful close: FIN.</summary>
    public const string Fin = "fin";

    /// <summary>An abortive close: RST (asked for with linger 0, or forced by unread bytes).</summary>
    public const string Rst = "rst";

    /// <summary>Nothing: the peer reset the connection first, so the kernel had nothing left to send.</summary>
    public const string None = "none";
}
