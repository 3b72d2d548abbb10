using HdrHistogram;

namespace Lab.Probes.Http;

/// <summary>
/// Latencies in microseconds in a fixed-size HdrHistogram: 1 µs to 60 s at 3 significant digits, so a
/// recorded value is known to within 0.1% (HdrHistogram's bucket width) and the store is the same
/// ~140 KB after ten requests or ten million. Recording is lock-free (LongConcurrentHistogram) from any
/// number of workers; read the percentiles once they are done.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Longer than any request can take: HttpClient.Timeout is 10 s; a longer value is clamped here.</summary>
    public const long HighestUs = 60_000_000;

    private readonly LongConcurrentHistogram _histogram = new(1, HighestUs, 3);
    private long _max;

    /// <summary>The memory the store holds, whatever the number of values recorded.</summary>
    public long FootprintBytes => _histogram.GetEstimatedFootprintInBytes();

    public long Count => _histogram.TotalCount;

    public void RecordUs(long us)
    {
        us = Math.Clamp(us, 0, HighestUs);
        _histogram.RecordValue(us);
        // The histogram keeps a bucket, not the value; the exact max costs one long.
        var max = Interlocked.Read(ref _max);
        while (us > max && Interlocked.CompareExchange(ref _max, us, max) is var seen && seen != max)
            max = seen;
    }

    /// <summary>Nearest-rank p50/p90/p99 (the smallest recorded value with at least ⌈p·N⌉ values at or below
    /// it, as <see cref="Latencies.NearestRank"/> on a sorted array), each the top of its bucket but never
    /// above the exact max.</summary>
    public Percentiles Percentiles()
    {
        var count = _histogram.TotalCount;
        if (count == 0)
            return Http.Percentiles.None;
        var max = Interlocked.Read(ref _max);
        long[] ranks = [Rank(0.50, count), Rank(0.90, count), Rank(0.99, count)];
        var values = new long[ranks.Length];
        var next = 0;
        foreach (var step in _histogram.RecordedValues())
        {
            while (next < ranks.Length && step.TotalCountToThisValue >= ranks[next])
                values[next++] = Math.Min(step.ValueIteratedTo, max);
            if (next == ranks.Length)
                break;
        }
        return new Percentiles(count, values[0], values[1], values[2], max);
    }

    private static long Rank(double p, long count) => Math.Clamp((long)Math.Ceiling(p * count), 1, count);
}
