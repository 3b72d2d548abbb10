namespace Lab.Probes.KeepAlive;

/// <summary>What <c>probe keepalive</c> measured across a path that died silently.</summary>
internal sealed record KeepAliveResult
{
    public required double IdleSeconds { get; init; }
    public required double IntervalSeconds { get; init; }
    public required int Count { get; init; }
    public required double ExpectedSeconds { get; init; }

    /// <summary>With keepalive on: seconds from the path's death to the error, and the errno.</summary>
    public required double? DetectedAfterSeconds { get; init; }
    public required string? Error { get; init; }

    /// <summary>With keepalive off: whether it learned anything within the bounded wait.</summary>
    public required bool OffLearned { get; init; }
    public required double OffWaitedSeconds { get; init; }
    public required IReadOnlyList<string> WindowsFigures { get; init; }
}
