namespace Lab.Bench;

/// <summary>labload's one JSON line. The envelope is the same for every mode; the rest is null where
/// the mode does not measure it. Counted after the warm-up (hold: once the last connect was answered),
/// on CLOCK_MONOTONIC; errors over the whole run; CPU is labload's own (getrusage) over the window.</summary>
internal sealed record NativeLoadResult
{
    public required string Mode { get; init; }
    public required string Target { get; init; }
    public required int Connections { get; init; }

    /// <summary>The measured window.</summary>
    public required double Seconds { get; init; }

    /// <summary>Echoed frames whose every byte matched (echo), connect→request→server-close cycles
    /// (reject), or connections established (hold); <see cref="Counted"/> says which.</summary>
    public required long Operations { get; init; }

    /// <summary><see cref="Operations"/> per second of the window; hold: per second of the opening
    /// (<see cref="ConnectSeconds"/>).</summary>
    public required double PerSecond { get; init; }
    public required string Counted { get; init; }

    /// <summary>Errors by kind: <c>connect ECONNREFUSED</c>, <c>connect timeout</c>, <c>timeout</c>,
    /// <c>ECONNRESET</c>, <c>closed by server</c>, <c>lost</c>, <c>reordered</c>, <c>corrupted</c>, …</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    public required double CpuUserS { get; init; }
    public required double CpuSysS { get; init; }

    /// <summary>Stopped early by SIGINT or SIGTERM; the figures cover what ran.</summary>
    public required bool Interrupted { get; init; }

    /// <summary>echo: payload bytes per frame (the {packet,4} header excluded).</summary>
    public int? Size { get; init; }

    /// <summary>echo: frame round trip; reject: the whole cycle. Log-linear histogram, buckets ≤ 1.6% wide.</summary>
    public double? P50Us { get; init; }
    public double? P90Us { get; init; }
    public double? P99Us { get; init; }
    public double? MaxUs { get; init; }

    /// <summary>reject: cycles the server ended with FIN (read returned 0) or with RST (ECONNRESET).</summary>
    public long? ClosedWithFin { get; init; }
    public long? ClosedWithRst { get; init; }

    /// <summary>hold: connects completed (the handshake, on the client's side), closed by the server
    /// (FIN or RST) since, and what was still open at the end.</summary>
    public long? Established { get; init; }
    public long? ClosedByServer { get; init; }
    public long? Alive { get; init; }
    public double? ConnectSeconds { get; init; }

    public double GeneratorCpuSeconds => CpuUserS + CpuSysS;

    /// <summary>With <c>--server-pid</c>: the server's CPU (utime + stime) over the same window, read at the same two instants.</summary>
    public double? ServerCpuS { get; init; }

    /// <summary>With <c>--signal-server</c>: how many SIGUSR1 reached the server (2: the window's two edges).</summary>
    public int? ServerSignals { get; init; }
}
