using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The flood's memory bound, without a gateway: RSS is sampled while the flood runs (not after it
/// returns, when its sockets are closed), the peak is judged against the warm-up's RSS, and a run whose samples
/// never saw the served connections held cannot pass.</summary>
public sealed class SoakFloodMemoryTests
{
    [Fact]
    public async Task ThePeakIsTakenWhileTheWorkRunsNotAfterIt()
    {
        // RSS climbs while the "connections" are held, then falls before the work returns; the work ends only
        // after the sixth sample, so the result cannot depend on how busy the machine is (or after 10 s, so that a
        // sampler that reads only once the work is done fails instead of waiting forever).
        long[] rss = [100, 150, 400, 380, 120, 110];
        int[] fds = [10, 60, 1010, 1010, 20, 15];
        var calls = 0;
        var sixth = new TaskCompletionSource();
        (long, int) Read()
        {
            var i = Math.Min(calls++, rss.Length - 1);
            if (calls == rss.Length)
                sixth.TrySetResult();
            return (rss[i], fds[i]);
        }

        var (result, memory) = await SoakFloodMemory.SampleWhileAsync(async () => { await Task.WhenAny(sixth.Task, Task.Delay(TimeSpan.FromSeconds(10))); return 42; }, Read, TimeSpan.FromMilliseconds(5));

        Assert.Equal(42, result);
        // Every read is a sample, six or more: a busy machine once let the sampler read a seventh time (the last values
        // again) before the work's own continuation ran.
        Assert.Equal(new SoakFloodMemory(400, 1010, 1010, calls), memory);
        Assert.True(calls >= 6, $"{calls} samples");
    }

    [Fact]
    public void APeakWithinTheBoundPassesAndOneOverItIsAMismatch()
    {
        var within = new SoakFloodMemory(PeakRssKiB: 240_000, DescriptorsAtPeak: 1211, MostDescriptors: 1211, Samples: 23);
        var (line, mismatch) = within.Judge(baselineKiB: 80_000, bound: 3, offered: 2000, served: 1000, descriptorsBefore: 211);
        Assert.Null(mismatch);
        Assert.Equal("RSS during the flood of 2000 connections (VmRSS every 100 ms while they were opened, held and echoed; 23 samples, " +
                     "at most 1211 descriptors open vs 211 before, 1000 served): peak 240000 KiB with 1211 descriptors open vs 80000 KiB after the warm-up (PASS ≤ 3× = 240000 KiB)",
            line);

        var over = within with { PeakRssKiB = 240_001 };
        (line, mismatch) = over.Judge(80_000, 3, 2000, 1000, 211);
        Assert.EndsWith("(MISS ≤ 3× = 240000 KiB)", line);
        Assert.Equal("RSS during the flood of 2000 connections peaked at 240001 KiB, over 3 × the warm-up's 80000 KiB", mismatch);
    }

    [Fact]
    public void SamplesThatNeverSawTheConnectionsHeldAreAMismatchWhateverTheRss()
    {
        // 1,000 served on top of 211 descriptors: a peak read with at most 1,100 open was read before or after the hold.
        var early = new SoakFloodMemory(PeakRssKiB: 90_000, DescriptorsAtPeak: 1100, MostDescriptors: 1100, Samples: 3);
        var (line, mismatch) = early.Judge(80_000, 3, 2000, 1000, 211);
        Assert.Contains("(MISS ≤ 3×", line);
        Assert.Equal("no RSS sample fell while the flood's 1000 served connections were held (at most 1100 descriptors seen, 211 before the flood)", mismatch);

        Assert.Equal("no RSS sample during the flood", new SoakFloodMemory(0, 0, 0, 0).Judge(80_000, 3, 2000, 1000, 211).Mismatch);
        // Within the few descriptors the gateway's own use moves by, the hold was seen.
        Assert.Null((early with { MostDescriptors = 1211 - SoakFloodMemory.DescriptorSlack }).Judge(80_000, 3, 2000, 1000, 211).Mismatch);
    }

    /// <summary>A flood that held nothing measured nothing: NO DATA and a mismatch, not a PASS on the baseline.</summary>
    [Fact]
    public void AFloodThatHeldNoConnectionIsNoData()
    {
        var (line, mismatch) = new SoakFloodMemory(PeakRssKiB: 80_000, DescriptorsAtPeak: 211, MostDescriptors: 211, Samples: 12).Judge(80_000, 3, 2000, served: 0, 211);

        Assert.EndsWith("(NO DATA: the flood held no connection)", line);
        Assert.DoesNotContain("PASS", line);
        Assert.Equal("NO DATA: the flood of 2000 connections held none, so its memory was not measured", mismatch);
    }
}
