namespace Lab.Probes.Http;

/// <summary>One latency's nearest-rank percentiles in microseconds, and how many requests it counts
/// (JSON: <c>{"count", "p50", "p90", "p99", "max"}</c>).</summary>
internal sealed record Percentiles(long Count, long P50, long P90, long P99, long Max)
{
    public static readonly Percentiles None = new(0, 0, 0, 0, 0);
}
