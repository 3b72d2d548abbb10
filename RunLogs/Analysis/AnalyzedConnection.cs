namespace Lab.Logs.Analysis;

/// <summary>One connection as <c>gateway analyze</c> shows it: a frame-port connection, or with
/// <see cref="Requests"/> an HTTP-endpoint one.</summary>
internal sealed record AnalyzedConnection
{
    public required long PortId { get; init; }
    public required string ClientIp { get; init; }
    public required int ClientPort { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>When its head_error was logged: when the request arrived, which for a preconnected socket
    /// can be seconds after the accept.</summary>
    public DateTimeOffset? HeadErrorAt { get; init; }
    public long? DurationMs { get; init; }
    public long BytesIn { get; init; }
    public long BytesOut { get; init; }
    public long Frames { get; init; }

    /// <summary>HTTP-endpoint connections: the requests it carried (1 for a short connection, more for keep-alive).</summary>
    public int Requests { get; init; }
    public string? Reason { get; init; }
    public string? ClosedBy { get; init; }
    public string? CloseKind { get; init; }
    public bool Refused { get; init; }
    public string? HeadHex { get; init; }
    public string? HeadAscii { get; init; }
    public uint? HeadLength { get; init; }
    public string? HeadLengthHex { get; init; }

    /// <summary>One of the names in <see cref="Framing.HeaderGuess"/>'s table; null without a head_error.</summary>
    public string? Origin { get; init; }
    public string? OriginDetail { get; init; }
}
