using Lab.Probes.Http;

namespace Lab.Probes.Frames;

/// <summary>Per-worker latency samples in microseconds, merged at the end (no lock on the hot path).
/// Only samples taken while <see cref="Measuring"/> is set count, so warm-up is left out.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<List<double>> _perWorker = [];
    private volatile bool _measuring;

    public bool Measuring => _measuring;

    public void StartMeasuring() => _measuring = true;

    public void StopMeasuring() => _measuring = false;

    public List<double> ForWorker()
    {
        var list = new List<double>(1024);
        lock (_perWorker) _perWorker.Add(list);
        return list;
    }

    public (long Count, double P50, double P99, double Max) Summarize()
    {
        double[] all;
        lock (_perWorker) all = _perWorker.SelectMany(l => l).ToArray();
        if (all.Length == 0)
            return (0, 0, 0, 0);
        Array.Sort(all);
        return (all.Length, Math.Round(Latencies.NearestRank(all, 0.5), 1), Math.Round(Latencies.NearestRank(all, 0.99), 1), Math.Round(all[^1], 1));
    }
}
