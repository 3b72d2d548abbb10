namespace Lab.Probes.Http;

/// <summary>Latency percentiles (nearest rank) in milliseconds.</summary>
internal sealed record Latencies(double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    /// <summary>The same percentiles in milliseconds, rounded to the microsecond.</summary>
    public static Latencies Of(Percentiles us) => new(Ms(us.P50), Ms(us.P90), Ms(us.P99), Ms(us.Max));

    /// <summary>The nearest-rank percentile of an ascending, non-empty array.</summary>
    public static double NearestRank(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(long us) => Math.Round(us / 1000.0, 3);
}
