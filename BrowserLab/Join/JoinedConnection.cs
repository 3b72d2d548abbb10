using Lab.Logs;
namespace Lab.BrowserLab.Join;

/// <summary>One connection seen from both ends: the gateway's record joined to the browser's NetLog socket
/// by client port. Times are milliseconds since the experiment's first navigation.</summary>
internal sealed record JoinedConnection
{
    public long? PortId { get; init; }
    public int ClientPort { get; init; }
    public required string Role { get; init; }
    public string? RetryError { get; init; }

    /// <summary>The request's stream job was handed this socket already connected (idle in the pool, e.g. a
    /// preconnect's) rather than connecting it for the request: only then does Chromium resend after an
    /// empty response or a reset.</summary>
    public bool TookIdleSocket { get; init; }

    /// <summary>The kind of request it carried: navigation, auto-reload, main-frame, subresource (null when unused).</summary>
    public string? Request { get; init; }
    public string Opener { get; init; } = "unknown";
    public int OpenerNumSockets { get; init; }
    public int? Navigation { get; init; }
    public string? Url { get; init; }
    /// <summary>TCP connect completed (browser's NetLog; the gateway's init ok when unjoined).</summary>
    public double? ConnectMs { get; init; }

    /// <summary>When the gateway logged init ok (its clock, shifted onto the browser's by the run's <see cref="ClockOffset"/>).</summary>
    public double? GatewayInitMs { get; init; }

    /// <summary>When the gateway logged head_error (shifted like <see cref="GatewayInitMs"/>).</summary>
    public double? GatewayHeadErrorMs { get; init; }

    /// <summary>When the browser's socket closed (NetLog SOCKET_ALIVE end).</summary>
    public double? BrowserClosedMs { get; init; }

    /// <summary>The browser sent its first byte (NetLog SOCKET_BYTES_SENT; the gateway's head_error when unjoined).</summary>
    public double? FirstByteMs { get; init; }
    /// <summary>The gateway's do_terminate (shifted like <see cref="GatewayInitMs"/>).</summary>
    public double? CloseMs { get; init; }
    public long BytesIn { get; init; }
    public long BytesOut { get; init; }
    public string? ClosedBy { get; init; }
    public string? CloseKind { get; init; }
    public string? Reason { get; init; }
    public uint? HeadLength { get; init; }
    public string? HeadAscii { get; init; }
    public string? BrowserError { get; init; }
    public long? NetLogSocketId { get; init; }
    public string? NetLogCloseReason { get; init; }
    public string? Unexplained { get; init; }
    public WireView? Wire { get; set; }
}
