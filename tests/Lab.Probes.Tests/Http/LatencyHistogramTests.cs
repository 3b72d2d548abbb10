using Lab.Probes.Http;

namespace Lab.Probes.Tests.Http;

/// <summary>The latency store: nearest-rank percentiles within the histogram's 0.1%, and a size that does
/// not depend on how many values it holds.</summary>
public class LatencyHistogramTests
{
    [Fact]
    public void PercentilesAreNearestRankOnExactValues()
    {
        var histogram = new LatencyHistogram();
        // Below 2048 µs every value has its own bucket at 3 significant digits: nothing is rounded.
        foreach (var us in Enumerable.Range(1, 1000).Reverse())
            histogram.RecordUs(us);

        var sorted = Enumerable.Range(1, 1000).Select(v => (double)v).ToArray();
        Assert.Equal(new Percentiles(1000, (long)Latencies.NearestRank(sorted, 0.50), (long)Latencies.NearestRank(sorted, 0.90),
            (long)Latencies.NearestRank(sorted, 0.99), 1000), histogram.Percentiles());
        Assert.Equal(new Percentiles(1000, 500, 900, 990, 1000), histogram.Percentiles());
    }

    [Fact]
    public void LargeValuesAreWithinATenthOfAPercentAndNeverAboveTheExactMax()
    {
        var histogram = new LatencyHistogram();
        var values = Enumerable.Range(1, 999).Select(i => 10_000L + i * 977).ToArray();
        foreach (var us in values)
            histogram.RecordUs(us);

        var p = histogram.Percentiles();
        var sorted = values.Select(v => (double)v).ToArray();
        Assert.InRange(p.P50, Latencies.NearestRank(sorted, 0.50), Latencies.NearestRank(sorted, 0.50) * 1.001);
        Assert.InRange(p.P99, Latencies.NearestRank(sorted, 0.99), Latencies.NearestRank(sorted, 0.99) * 1.001);
        Assert.Equal(values.Max(), p.Max);
        Assert.True(p.P50 <= p.P90 && p.P90 <= p.P99 && p.P99 <= p.Max, p.ToString());
    }

    [Fact]
    public void EmptyIsZeroAndOutOfRangeIsClamped()
    {
        Assert.Equal(Percentiles.None, new LatencyHistogram().Percentiles());

        var histogram = new LatencyHistogram();
        histogram.RecordUs(-5);
        histogram.RecordUs(LatencyHistogram.HighestUs * 10);
        Assert.Equal(2, histogram.Count);
        Assert.Equal(LatencyHistogram.HighestUs, histogram.Percentiles().Max);
    }

    [Fact]
    public void MillionsOfValuesTakeNoMoreMemoryThanOne()
    {
        var histogram = new LatencyHistogram();
        histogram.RecordUs(1);
        var footprint = histogram.FootprintBytes;

        // Three rounds of 2,000,000, the least allocation kept: one allocating per value would show tens of MB in each,
        // while a one-off of the runtime's (a loop moved to optimized code) once showed 2,152 B in one round under load.
        var allocated = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 2_000_000; i++)
                histogram.RecordUs(i % 5_000_000);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        }

        Assert.Equal(3 * 2_000_000 + 1, histogram.Count);
        Assert.Equal(footprint, histogram.FootprintBytes);
        Assert.InRange(footprint, 1, 256 * 1024); // ~140 KB: 1 µs to 60 s at 3 significant digits
        Assert.InRange(allocated, 0, 1024);       // recording allocates nothing per value
    }
}
