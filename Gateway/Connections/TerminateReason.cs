namespace Lab.Gateway.Connections;

/// <summary>The closed set of <c>do_terminate</c> reasons (Kestrel keeps its rejection reasons closed too).</summary>
public static class TerminateReason
{
    public const string HeadError = "head_error";
    public const string PeerClosed = "peer_closed";
    public const string IdleTimeout = "idle_timeout";
    public const string FrameTimeout = "frame_timeout";
    public const string MaxConnections = "max_connections";
    public const string Shutdown = "shutdown";
    public const string IoError = "io_error";

    /// <summary>HTTP endpoint only: the server closed after a response (HTTP/1.0 without keep-alive,
    /// <c>Connection: close</c>, or an error response from Kestrel).</summary>
    public const string ConnectionClose = "connection_close";
}
