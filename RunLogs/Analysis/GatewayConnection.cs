namespace Lab.Logs.Analysis;

/// <summary>One accepted socket as the gateway's logs tell it: <c>init ok</c>, perhaps <c>head_error</c>
/// or <c>refused</c>, and <c>do_terminate</c>.</summary>
internal sealed record GatewayConnection
{
    public required long PortId { get; init; }
    public required string Listener { get; init; }
    public required string Peer { get; init; }
    public string ClientIp => Peer.LastIndexOf(':') is var i and > 0 ? Peer[..i].Trim('[', ']') : Peer;
    public int ClientPort => Peer.LastIndexOf(':') is var i and > 0 && int.TryParse(Peer[(i + 1)..], out var p) ? p : 0;
    public string Local { get; init; } = "";
    public required DateTimeOffset AcceptedAt { get; init; }

    public DateTimeOffset? HeadErrorAt { get; init; }
    public uint? HeadLength { get; init; }
    public string? HeadLengthHex { get; init; }
    public string? HeadHex { get; init; }
    public string? HeadAscii { get; init; }
    public string? Origin { get; init; }
    public string? Policy { get; init; }
    public bool Refused { get; init; }
    public int HttpRequests { get; init; }

    public DateTimeOffset? EndedAt { get; init; }
    public string? Reason { get; init; }
    public long BytesIn { get; init; }
    public long BytesOut { get; init; }
    public long Frames { get; init; }
    public long DurationMs { get; init; }
    public string? ClosedBy { get; init; }
    public string? CloseKind { get; init; }
    public string? Reply { get; init; }
}
