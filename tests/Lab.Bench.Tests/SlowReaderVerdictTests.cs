using Lab.Bench.SlowReaders;

namespace Lab.Bench.Tests;

/// <summary>The soak's slow-reader verdicts: each passes only on data that shows it, and says NO DATA when there is none.</summary>
public class SlowReaderVerdictTests
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);
    private const long Bound = 64 * 1024;

    // 3 readers connected by 0.2 s, all reset at 5.4 s; fresh clients refused until then, served after; 1.5 MiB added in all.
    private static SlowReaderSample Good() => new([5.4, 5.4, 5.5], 0.2,
        [(1, false), (2, false), (3, false), (4, false), (5, false), (6, false), (7, true), (8, true)], 100_000, 100_000 + 1536, 3);

    [Fact]
    public void ReadersResetInTimeLoggedAndAFreshClientServedAfterPass()
    {
        var (lines, misses) = SlowReaderVerdict.Judge(Good(), SendTimeout, Bound);
        Assert.Empty(misses);
        Assert.Equal(4, lines.Count(l => l.EndsWith("(PASS)", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("fresh clients served once the send timeout + 1 s had passed: 2 of 2"));
    }

    [Fact]
    public void NoReadersIsNoDataNeverAPass()
    {
        var (lines, misses) = SlowReaderVerdict.Judge(new SlowReaderSample([], 0, [], 100_000, 100_000, 0), SendTimeout, Bound);
        Assert.Equal(4, misses.Count);
        Assert.All(misses, m => Assert.Contains("NO DATA", m));
        Assert.DoesNotContain(lines, l => l.Contains("PASS"));
    }

    [Fact]
    public void AReaderNotResetOrResetLateIsAMiss()
    {
        var open = Good() with { ReadersEnded = [5.4, null, 5.5] };
        Assert.Contains(SlowReaderVerdict.Judge(open, SendTimeout, Bound).Misses, m => m.StartsWith("slow readers: 1 of 3 not reset"));
        var late = Good() with { ReadersEnded = [5.4, 6.3, 5.5] }; // 0.2 + 5 + 1 = 6.2
        Assert.Contains(SlowReaderVerdict.Judge(late, SendTimeout, Bound).Misses, m => m.StartsWith("slow readers: 1 of 3 not reset"));
    }

    [Fact]
    public void AFreshClientRefusedAfterTheTimeoutOrNoAttemptAfterItIsAMiss()
    {
        var refused = Good() with { FreshAttempts = [(7, true), (8, false)] };
        Assert.Contains(SlowReaderVerdict.Judge(refused, SendTimeout, Bound).Misses, m => m.StartsWith("fresh clients: 1 of 2"));
        var tooEarly = Good() with { FreshAttempts = [(1, false), (6, false)] };
        Assert.Contains("fresh clients: NO DATA", SlowReaderVerdict.Judge(tooEarly, SendTimeout, Bound).Misses);
    }

    /// <summary>A warm-up reader before the baseline: its blocks, which the measured readers may take from the pool,
    /// count as theirs (one bound), and its own send_timeout line is expected beside theirs.</summary>
    [Fact]
    public void AWarmUpReadersBlocksCountAgainstTheReadersAndItsLineIsExpected()
    {
        var bound = (Bound + SlowReaderVerdict.InputBufferBytes) / 1024; // KiB per reader
        var warm = Good() with { WarmUpReaders = 1, WarmUpResets = 1, LoggedSendTimeouts = 4, ColdRssKiB = 90_000 };
        Assert.Empty(SlowReaderVerdict.Judge(warm with { PeakRssKiB = 100_000 + 2 * bound }, SendTimeout, Bound).Misses);
        Assert.Contains(SlowReaderVerdict.Judge(warm with { PeakRssKiB = 100_000 + 2 * bound + 1 }, SendTimeout, Bound).Misses,
            m => m.StartsWith("slow readers added"));
        Assert.Contains(SlowReaderVerdict.Judge(warm with { LoggedSendTimeouts = 3 }, SendTimeout, Bound).Misses,
            m => m.StartsWith("slow readers: 3 send_timeout lines"));
        Assert.Contains(SlowReaderVerdict.Judge(warm, SendTimeout, Bound).Lines,
            l => l.StartsWith("before the baseline, 1 warm-up slow reader(s) ran to their reset: RSS 90000 → 100000 KiB"));
        // A warm-up reader the gateway did not reset is said so, and its line is not expected.
        var notReset = warm with { WarmUpResets = 0, LoggedSendTimeouts = 3 };
        Assert.Empty(SlowReaderVerdict.Judge(notReset, SendTimeout, Bound).Misses);
        Assert.Contains(SlowReaderVerdict.Judge(notReset, SendTimeout, Bound).Lines,
            l => l.StartsWith("before the baseline, 1 warm-up slow reader(s) ran, 0 of them reset by the gateway:"));
    }

    [Fact]
    public void MoreRssThanTheBoundPlusTheInputBufferPerReaderIsAMiss()
    {
        var bound = (Bound + SlowReaderVerdict.InputBufferBytes) / 1024; // KiB per reader
        Assert.Empty(SlowReaderVerdict.Judge(Good() with { PeakRssKiB = 100_000 + 3 * bound }, SendTimeout, Bound).Misses);
        Assert.Contains(SlowReaderVerdict.Judge(Good() with { PeakRssKiB = 100_000 + 3 * bound + 1 }, SendTimeout, Bound).Misses,
            m => m.StartsWith("slow readers added"));
    }

    [Fact]
    public void TheCostPastTheFirstReadersIsShownNeverJudged()
    {
        // 1 reader first, +3 MiB while it alone was held, then 2 more adding 1 MiB each.
        var staged = Good() with { FirstReaders = 1, AfterFirstRssKiB = 100_000 + 3072, PeakRssKiB = 100_000 + 5120 };
        var (lines, misses) = SlowReaderVerdict.Judge(staged, SendTimeout, Bound);
        Assert.Contains("RSS added per slow reader past the first 1: 1 MiB (the first 1 added 3 MiB each; shown, not judged)", lines);
        Assert.Contains(misses, m => m.StartsWith("slow readers added")); // the judged figure is still all of it over all readers
        Assert.DoesNotContain(SlowReaderVerdict.Judge(Good(), SendTimeout, Bound).Lines, l => l.Contains("past the first"));
    }

    [Fact]
    public void TheAddedRssIsSplitIntoDataPerReaderAndCodeOnceShownNeverJudged()
    {
        // 3 readers added 6 MiB of RSS: 3 MiB anonymous (1 MiB each), 3 MiB of code: a miss on the whole, the split shown.
        var split = Good() with { PeakRssKiB = 100_000 + 6144, BaselineAnonKiB = 40_000, PeakAnonKiB = 40_000 + 3072 };
        var (lines, misses) = SlowReaderVerdict.Judge(split, SendTimeout, Bound);
        Assert.Contains("of it, anonymous memory (heaps, buffers, stacks): 1 MiB per reader; file-backed and shared (code compiled or paged in, paid once): 3 MiB in all (shown, not judged)", lines);
        Assert.Contains(misses, m => m.StartsWith("slow readers added 2 MiB"));
        Assert.DoesNotContain(SlowReaderVerdict.Judge(Good(), SendTimeout, Bound).Lines, l => l.StartsWith("of it"));
    }

    [Fact]
    public void LogLinesThatDoNotMatchTheReadersAreAMiss()
    {
        Assert.Contains(SlowReaderVerdict.Judge(Good() with { LoggedSendTimeouts = 2 }, SendTimeout, Bound).Misses,
            m => m == "slow readers: 2 send_timeout lines logged for 3 readers");
    }
}
