using Lab.Logs.Analysis;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>Gaps between any two ids, the ends of <see cref="long"/> included, are sized exactly and listed
/// within bounds: <c>To - From - 1</c> once wrapped negative and the gap was listed id by id, without end.</summary>
public class PortIdGapTests
{
    [Fact]
    public async Task IdsAtTheEndsOfTheRangeMakeBoundedGapsSizedExactly()
    {
        long[] ids = [long.MinValue, -9223372036854775807, -5, 0, 5, long.MaxValue];
        var journal = new List<PortJournalEntry> { new(2, DateTimeOffset.UnixEpoch, "http", "127.0.0.1:1") };

        // Bounded in time as well as in size: before the fix this ran until killed (7.5 GB resident).
        var gaps = await Task.Run(() => PortIdGap.Find(ids, journal)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([(-9223372036854775807L, -5L), (-5L, 0L), (0L, 5L), (5L, long.MaxValue)], gaps.Select(g => (g.From, g.To)));
        Assert.Equal([9223372036854775801UL, 4UL, 4UL, 9223372036854775801UL], gaps.Select(g => g.Missing));
        Assert.All(gaps, g => Assert.InRange(g.TakenBy.Count, 1, PortIdGap.MaxEntries + 1));
        Assert.Equal(["#Port<0.-9223372036854775806>…#Port<0.-6> (9223372036854775801 ids) (no journal entry)"], gaps[0].TakenBy);
        Assert.Equal(["#Port<0.1> (no journal entry)", "#Port<0.2> http 127.0.0.1:1", "#Port<0.3> (no journal entry)", "#Port<0.4> (no journal entry)"], gaps[2].TakenBy);

        var widest = Assert.Single(PortIdGap.Find([long.MinValue, long.MaxValue], []));
        Assert.Equal(ulong.MaxValue - 1, widest.Missing);
        Assert.Equal(["#Port<0.-9223372036854775807>…#Port<0.9223372036854775806> (18446744073709551614 ids) (no journal entry)"], widest.TakenBy);
    }
}
