namespace Lab.Probes.Http;

/// <summary>Latency percentiles (nearest rank) in milliseconds.</summary>
public sealed record Latencies(double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public static Latencies Of(IReadOnlyCollection<double> samplesMs)
    {
        if (samplesMs.Count == 0)
            return new Latencies(0, 0, 0, 0);
        var sorted = samplesMs.Order().ToArray();
        return new Latencies(Round(NearestRank(sorted, 0.50)), Round(NearestRank(sorted, 0.90)), Round(NearestRank(sorted, 0.99)), Round(sorted[^1]));
    }

    /// <summary>The nearest-rank percentile of an ascending, non-empty array.</summary>
    public static double NearestRank(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Round(double ms) => Math.Round(ms, 3);
}
