namespace Lab.Probes.Http;

/// <summary>Latency percentiles (nearest rank) in milliseconds.</summary>
public sealed record Latencies(double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public static Latencies Of(IReadOnlyCollection<double> samplesMs)
    {
        if (samplesMs.Count == 0)
            return new Latencies(0, 0, 0, 0);
        var sorted = samplesMs.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latencies(Round(At(0.50)), Round(At(0.90)), Round(At(0.99)), Round(sorted[^1]));
    }

    private static double Round(double ms) => Math.Round(ms, 3);
}
