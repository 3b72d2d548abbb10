using Lab.Logs;

namespace Lab.Gateway.Transport;

/// <summary>
/// How a connection's socket is let go of, told by the transport that closes it: what went on the wire is decided
/// where the close happens, under the one lock that decides who closes first (the send loop finishing, the gateway's
/// reset, Kestrel's abort), so no layer above has to predict it from the outside.
/// </summary>
internal interface ISocketCloseFeature
{
    /// <summary>Bytes the kernel has received that nobody has read; false once the socket is closed.</summary>
    bool HasUnreadBytes { get; }

    /// <summary>The transport has closed the socket (false while it still sends output the peer has not taken).</summary>
    bool IsClosed { get; }

    /// <summary>What closing the socket put on the wire: FIN; RST (a reset, or a close over unread bytes, which Linux
    /// answers with RST); nothing when the peer reset first. While the socket is open, what a graceful close would put
    /// there now.</summary>
    CloseKind CloseKind { get; }

    /// <summary>Resets the connection now (SO_LINGER 0, then close): the peer sees RST, not FIN. Nothing more goes on
    /// the wire when the socket is closed already.</summary>
    void Reset();
}
