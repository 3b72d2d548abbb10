namespace Lab.Probes.Http;

/// <summary>One mode's measurement; the JSON fields are named after the printed columns.</summary>
internal sealed record HttpModeResult
{
    public required int Requests { get; init; }
    public required int Ok { get; init; }
    public required int Failed { get; init; }
    public required IReadOnlyDictionary<string, int> Errors { get; init; }
    public required double Seconds { get; init; }
    public required double Rps { get; init; }
    public required double P50Ms { get; init; }
    public required double P90Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double MaxMs { get; init; }
    public required int ConnectionsOpened { get; init; }

    /// <summary>Opened but never carried a request (the pool opened it for a request another connection served).</summary>
    public required int ConnectionsUnused { get; init; }
    public required int DistinctClientPorts { get; init; }
    public required double RequestsPerConnection { get; init; }

    /// <summary>TIME_WAIT sockets this run left toward the target's port, both sides together.</summary>
    public required int TimeWait { get; init; }
    public required int TimeWaitClientSide { get; init; }
    public required int TimeWaitServerSide { get; init; }

    /// <summary>Connections per second opened: what consumes ephemeral ports.</summary>
    public required double ConnectionsPerSecond { get; init; }

    /// <summary>The lab endpoint's own view (null for other servers): replies numbered 1, i.e. connections it
    /// served from their first request (the same count as distinct port ids, kept as a counter).</summary>
    public int? ServerConnections { get; init; }
    public double? ServerRequestsPerConnection { get; init; }

    /// <summary>TCP connect (socket.ConnectAsync) of the ok requests that were the first written on their
    /// connection: every request in short mode, one per used connection with keep-alive.</summary>
    public required Percentiles ConnectUs { get; init; }

    /// <summary>Request start to the first response byte read, ok requests.</summary>
    public required Percentiles FirstByteUs { get; init; }

    /// <summary>Request start to the last body byte read, ok requests: the latency rows, in µs.</summary>
    public required Percentiles TotalUs { get; init; }

    /// <summary>Bytes the latency histograms hold: fixed, whatever the number of requests (not in the JSON).</summary>
    internal long LatencyStoreBytes { get; init; }

    /// <summary>A duration run that reached the --out cap on requests before its time was up (not in the JSON).</summary>
    internal bool StoppedAtCap { get; init; }
}
