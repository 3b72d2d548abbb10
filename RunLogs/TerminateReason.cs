namespace Lab.Logs;

/// <summary>Why a connection ended: the closed set of <c>do_terminate</c> reasons (Kestrel keeps its
/// ConnectionEndReason closed too). Their names in the logs come from <see cref="LogNames"/>.</summary>
public enum TerminateReason
{
    /// <summary>The head was not a frame; the reject policy ended the connection.</summary>
    HeadError,

    /// <summary>The peer ended its side (FIN) and the gateway followed.</summary>
    PeerClosed,

    /// <summary>No byte arrived for <c>--idle-timeout</c> (HTTP: Kestrel's keep-alive timeout).</summary>
    IdleTimeout,

    /// <summary>A frame whose header arrived was not complete within <c>--frame-timeout</c>.</summary>
    FrameTimeout,

    /// <summary>Accepted at <c>--max-connections</c> and refused.</summary>
    MaxConnections,

    /// <summary>The gateway was stopping.</summary>
    Shutdown,

    /// <summary>The peer reset the connection.</summary>
    IoError,

    /// <summary>HTTP endpoint only: the server closed after a response (HTTP/1.0 without keep-alive,
    /// <c>Connection: close</c>, or an error response from Kestrel).</summary>
    ConnectionClose,

    /// <summary>An echo could not be written within <c>--send-timeout</c> (the peer stopped reading); reset.</summary>
    SendTimeout,
}
