namespace Lab.Bench;

/// <summary>One line of the table: a workload's metric per server (median, min, max over repetitions),
/// the gateway's ratios to each peer, CPU on each side, and the targets it is held to.</summary>
internal sealed record BenchLine
{
    public required string Title { get; init; }
    public required string Workload { get; init; }
    public required string Metric { get; init; }
    public required string Unit { get; init; }
    public required bool HigherIsBetter { get; init; }
    public required IReadOnlyDictionary<string, double> Median { get; init; }
    public required IReadOnlyDictionary<string, double[]> Range { get; init; }

    /// <summary>Load errors (labload's or the probe's) summed over each server's cells; empty for lines without load.</summary>
    public IReadOnlyDictionary<string, double> Errors { get; init; } = new Dictionary<string, double>();
    public double? GatewayToOtp { get; init; }
    public double? GatewayToKestrel { get; init; }

    /// <summary>The gateway's median over each peer's, by peer name (only peers that measured the metric).</summary>
    public IReadOnlyDictionary<string, double> GatewayTo { get; init; } = new Dictionary<string, double>();

    /// <summary>The peer with the best median on this metric in this run; null when no peer measured it.</summary>
    public string? BestPeer { get; init; }
    public required IReadOnlyDictionary<string, double> ServerCpuSeconds { get; init; }
    public required IReadOnlyDictionary<string, double> GeneratorCpuSeconds { get; init; }

    /// <summary>Servers whose load generator used more CPU than the server itself in this row's measured
    /// window: the number says more about the generator than about the server.</summary>
    public IReadOnlyList<string> GeneratorBound { get; init; } = [];

    /// <summary>Which load generator drove the row (<c>labload</c>, the native one; <c>probe frames</c>; or none).</summary>
    public string Generator { get; init; } = "";

    /// <summary>The .NET servers' garbage collections in the measured window: gen0, gen1, gen2 (medians).</summary>
    public required IReadOnlyDictionary<string, double[]> Collections { get; init; }
    public required IReadOnlyList<TargetCheck> Targets { get; init; }
}
