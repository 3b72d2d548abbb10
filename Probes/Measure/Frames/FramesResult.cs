namespace Lab.Probes.Frames;

/// <summary>What <c>probe frames</c> measured, after warm-up only.</summary>
internal sealed record FramesResult
{
    public required string Mode { get; init; }
    public required string Target { get; init; }
    public required int Connections { get; init; }
    public required int Size { get; init; }
    public required double Seconds { get; init; }

    /// <summary>When the measured window began (the warm-up's end); it lasted <see cref="Seconds"/>.</summary>
    public DateTimeOffset? MeasuredFrom { get; init; }

    /// <summary>Echoed frames (echo), connect→reject cycles (reject), or connections proven alive (hold).</summary>
    public required long Operations { get; init; }
    public required double PerSecond { get; init; }
    public required double P50Us { get; init; }
    public required double P99Us { get; init; }
    public required double MaxUs { get; init; }

    /// <summary>Errors by kind: connect failures, resets, timeouts, lost, late, reordered or corrupted frames.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    /// <summary>Echo: frames whose echo had not come back by their deadline. Counted over the whole run, warm-up
    /// and the wait after the window included (as every error is); also in <see cref="Errors"/>.</summary>
    public long Lost { get; init; }

    /// <summary>Echo: intact replies for frames already counted lost; never taken as another frame's echo.</summary>
    public long Late { get; init; }

    /// <summary>Echo: intact replies, within their deadline, whose sequence number is lower than one already
    /// received on the same connection (only a server can reorder within one TCP connection).</summary>
    public long Reordered { get; init; }
    public required double GeneratorCpuSeconds { get; init; }
    public double? ServerCpuSeconds { get; init; }
    public int? ConnectionsOpened { get; init; }
    public int? ConnectionsAlive { get; init; }
    /// <summary>Stopped by SIGINT or SIGTERM before its window ended: the figures cover the window so far.</summary>
    public bool Interrupted { get; init; }
    public string? Note { get; init; }
}
