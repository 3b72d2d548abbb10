namespace Lab.BrowserLab.NetLog;

/// <summary>A TCP socket as the NetLog tells it: where it connected from, which connect job opened it,
/// what it sent, and why the pool closed it.</summary>
internal sealed record NetLogSocket
{
    public required long SourceId { get; init; }
    public required string LocalAddress { get; init; }
    public required string RemoteAddress { get; init; }
    public int LocalPort => int.TryParse(LocalAddress[(LocalAddress.LastIndexOf(':') + 1)..], out var p) ? p : 0;
    public required long ConnectedTime { get; init; }
    public long? ConnectJobId { get; init; }
    public long BytesSent { get; init; }
    public long BytesReceived { get; init; }
    public long? FirstSendTime { get; init; }
    public long? ClosedTime { get; init; }
    public string? CloseReason { get; init; }

    /// <summary>Who opened it: <c>request</c> (a stream job serving a request bound the connect job) or
    /// <c>preconnect</c> (a job that asked the pool for <see cref="OpenerNumSockets"/> sockets ahead of use).</summary>
    public string Opener { get; init; } = "unknown";
    public int OpenerNumSockets { get; init; }
    public long? OpenerJobId { get; init; }
}
