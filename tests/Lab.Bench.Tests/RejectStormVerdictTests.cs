using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The reject storm's verdicts fed slices by hand, without a storm: a directory that stops moving once
/// retention deletes passes; one whose files keep growing after that, a log over its retention, a log that lost
/// files beyond it, or a gateway that counted failed log writes (or wrote no totals) is a MISMATCH.</summary>
public sealed class RejectStormVerdictTests
{
    private const int Retain = 4;
    private const long MaxBytes = 64L << 20;

    /// <summary>One log's files: the active one and rolled files <paramref name="from"/>..<paramref name="to"/> (none when to &lt; from).</summary>
    private static IEnumerable<string> Log(string name, int from, int to) =>
        Enumerable.Range(from, Math.Max(0, to - from + 1))
            .Select(n => $"{Path.GetFileNameWithoutExtension(name)}-{n:D6}{Path.GetExtension(name)}")
            .Append(name);

    private static RejectStormSlice Slice(int slice, params IEnumerable<string>[] logs) =>
        new(slice, 80_000, logs.SelectMany(l => l).ToList(), 400L << 20);

    private static (IReadOnlyList<string> Lines, IReadOnlyList<string> Misses) Judge(IReadOnlyList<RejectStormSlice> slices, long? failures = 0) =>
        RejectStormVerdict.Judge(slices, Retain, MaxBytes, "64MB", 1_000_000, 0, failures);

    /// <summary>What a healthy storm looks like: gateway.clef rolls first and deletes from slice 2, gateway.log from
    /// slice 3, ports.log (the smallest) from slice 4; then 12 files at every slice.</summary>
    private static List<RejectStormSlice> Healthy() =>
    [
        Slice(1, Log("gateway.clef", 1, 3), Log("gateway.log", 1, 1), Log("ports.log", 1, 0)),
        Slice(2, Log("gateway.clef", 3, 5), Log("gateway.log", 1, 3), Log("ports.log", 1, 1)),
        Slice(3, Log("gateway.clef", 6, 8), Log("gateway.log", 2, 4), Log("ports.log", 1, 3)),
        Slice(4, Log("gateway.clef", 9, 11), Log("gateway.log", 4, 6), Log("ports.log", 2, 4)),
        Slice(5, Log("gateway.clef", 12, 14), Log("gateway.log", 6, 8), Log("ports.log", 3, 5)),
    ];

    [Fact]
    public void ADirectoryConstantOnceRetentionDeletesPasses()
    {
        var (lines, misses) = Judge(Healthy());

        Assert.Empty(misses);
        Assert.Contains("files per slice: 7, 10, 12, 12, 12 (PASS ≤ 12 at every slice and ≤ 4 per log, whatever the 1,000,000 connections)", lines);
        Assert.Contains("files once retention deletes: gateway.clef deleting from slice 2, then 4 file(s); gateway.log deleting from slice 3, then 4 file(s); " +
                        "ports.log deleting from slice 4, then 4 file(s); every log deleting from slice 4: 12 file(s) from then on (PASS constant once deleting)", lines);
        Assert.Contains("the gateway's own count of failed log writes (totals logWriteFailures): 0 (PASS = 0)", lines);
    }

    [Fact]
    public void FilesThatKeepGrowingOnceRetentionDeletesAreAMismatchEvenUnderTheTotalBound()
    {
        // gateway.clef deletes from slice 2 but then holds 5: retention falls behind while the directory (11 ≤ 12)
        // stays under the old "≤ 12 at every slice" check.
        List<RejectStormSlice> slices =
        [
            Slice(1, Log("gateway.clef", 1, 3), Log("gateway.log", 1, 0), Log("ports.log", 1, 0)),
            Slice(2, Log("gateway.clef", 2, 4), Log("gateway.log", 1, 1), Log("ports.log", 1, 0)),
            Slice(3, Log("gateway.clef", 2, 5), Log("gateway.log", 1, 2), Log("ports.log", 1, 1)),
        ];

        var (lines, misses) = Judge(slices);

        Assert.Contains("files per slice: 6, 7, 10 (MISS ≤ 12 at every slice and ≤ 4 per log, whatever the 1,000,000 connections)", lines);
        Assert.Equal(
            [
                "more files than --log-retain 4 for one log: gateway.clef had 5 at slice 3",
                "gateway.clef held 5 files at slice 3 once retention was deleting (from slice 2): not constant at --log-retain 4",
            ],
            misses);
        Assert.Contains(lines, l => l.StartsWith("files once retention deletes: gateway.clef deleting from slice 2, then 4, 5 file(s);", StringComparison.Ordinal) && l.EndsWith("(MISS constant once deleting)", StringComparison.Ordinal));
    }

    [Fact]
    public void ANewFileOnceEveryLogDeletesIsAMismatch()
    {
        var slices = Healthy();
        slices.Add(Slice(6, Log("gateway.clef", 15, 17), Log("gateway.log", 7, 9), Log("ports.log", 4, 6), ["stray.log"]));

        var (_, misses) = Judge(slices);

        Assert.Equal(["13 files in the run directory, over 3 × 4", "the run directory went from 12 files at slice 4 (every log deleting) to 13 at slice 6: not constant"],
            misses.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ALogThatLostFilesBeyondRetentionIsAMismatch()
    {
        var slices = Healthy();
        slices[4] = Slice(5, Log("gateway.clef", 13, 14), Log("gateway.log", 6, 8), Log("ports.log", 3, 5));

        var (_, misses) = Judge(slices);

        Assert.Contains("gateway.clef held 3 files at slice 5 once retention was deleting (from slice 2): not constant at --log-retain 4", misses);
    }

    [Theory]
    [InlineData(3L, "the gateway counted 3 failed log write(s): its logs are incomplete", "3 (MISS = 0)")]
    [InlineData(null, "no totals line in gateway.clef: the gateway did not exit cleanly", "no totals line (MISS = 0)")]
    public void FailedLogWritesOrNoTotalsAreAMismatch(long? failures, string miss, string shown)
    {
        var (lines, misses) = Judge(Healthy(), failures);

        Assert.Equal([miss], misses);
        Assert.Contains($"the gateway's own count of failed log writes (totals logWriteFailures): {shown}", lines);
    }

    [Fact]
    public void RetentionThatNeverDeletedIsNotShownConstant()
    {
        List<RejectStormSlice> slices = [Slice(1, Log("gateway.clef", 1, 1)), Slice(2, Log("gateway.clef", 1, 2))];

        var (lines, misses) = Judge(slices);

        Assert.Empty(misses);
        Assert.Contains("files once retention deletes: gateway.clef 3 file(s) at the end, nothing deleted yet; not every log reached retention, so the directory is shown bounded, " +
                        "not constant (NOT SHOWN: retention deleted nothing during the storm)", lines);
    }

    [Theory]
    [InlineData("gateway-000012.clef", "gateway.clef", 12L)]
    [InlineData("gateway.clef", "gateway.clef", null)]
    [InlineData("ports-1234567.log", "ports.log", 1234567L)]
    public void FilesBelongToTheirLog(string file, string log, long? number)
    {
        Assert.Equal((log, number), RejectStormVerdict.LogOf(file));
    }
}
