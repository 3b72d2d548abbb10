namespace Lab.Probes.Http;

/// <summary>How a client connection ended, as the client saw it when it closed: had the server's FIN
/// arrived? The side whose FIN went first holds the TIME_WAIT (RFC 9293 §3.6), so these counts and the
/// TIME_WAIT counts tell the same story from two places.</summary>
internal enum ConnectionEnd
{
    /// <summary>Still open when the run ended (the handler is disposed first, so normally none).</summary>
    Open,

    /// <summary>The server's FIN had arrived before the client closed: read as EOF, or found waiting at close.</summary>
    ServerClosedFirst,

    /// <summary>No FIN from the server had arrived when the client closed (keep-alive: the pool closing).</summary>
    ClientClosedFirst,

    /// <summary>A read or write failed (reset, broken pipe).</summary>
    IoError,
}
