namespace Lab.Bench;

/// <summary>A target from the benchmark issue and whether this run met it (misses are reported, never hidden).</summary>
internal sealed record TargetCheck(string Target, bool Pass, string Measured);
