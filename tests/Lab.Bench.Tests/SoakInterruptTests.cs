using System.Globalization;
using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>Ctrl+C during the soak (issue 25 §2): the churn round under way ends at the signal, no step follows, the
/// report shows the rows measured with no verdict on part of a soak, the logs are kept, and the exit is 130.</summary>
public sealed class SoakInterruptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lab-soak-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ASignalInChurnRoundOneEndsItKeepsTheLogsAndJudgesNothing()
    {
        var logs = SoakLogs.Under(_root, DateTime.UtcNow);
        using var interrupt = new CancellationTokenSource();
        Task? signalled = null;
        var soak = new Soak(BenchPaths.Discover(), 20_000, 10, TimeSpan.FromSeconds(1), logs, line =>
        {
            if (line.StartsWith("churn round 1:", StringComparison.Ordinal))
                signalled = SignalOnceRoundOneRunsAsync(logs.Churn, interrupt);
        });

        var (report, exit) = await soak.RunAsync(interrupt.Token);
        await signalled!;

        Assert.Equal(130, exit);
        var rows = report.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1).Select(l => l.Split('|').Select(c => c.Trim()).ToArray()).ToList();
        Assert.Equal(["warm-up churn", "churn round 1"], rows.Select(r => r[1]));
        var warm = long.Parse(rows[0][2], CultureInfo.InvariantCulture);
        var round1 = long.Parse(rows[1][2], CultureInfo.InvariantCulture);
        Assert.InRange(warm, 2000, 2049); // a stop after 2000 lets the other 49 loops finish their cycle
        Assert.InRange(round1, 1, 19_999); // cut by the signal, not run to its 20,000
        Assert.Empty(Lab.TestSupport.OutputWidth.Problems(report, "soak")); // a terminal's: tables within 120, sentences folded at 100
        Assert.Contains($"interrupted during churn round 1: the steps after it did not run, and no verdict is given on part of a soak; logs kept: {logs.Churn}",
            Lab.TestSupport.FoldedText.Unfold(report));
        Assert.DoesNotContain("MISMATCH", report);
        Assert.DoesNotContain("PASS", report);
        // The gateway's own log, kept: a connection for every cycle the rows count.
        var check = RunLogCheck.Of(logs.Churn);
        Assert.InRange(check.Inits, warm + round1, warm + round1 + 2 * 50); // plus each round's cycles cut mid-way, at most one per loop
        Assert.False(Directory.Exists(logs.SlowReaders));
    }

    /// <summary>The signal comes once the gateway's log shows round one under way (500 connections past the warm-up's
    /// at most 2,049), not at a fixed time after the round's first line: on a loaded machine (other test assemblies
    /// beside this one) the round's first 300 ms once held no finished cycle.</summary>
    private static async Task SignalOnceRoundOneRunsAsync(string churnLogs, CancellationTokenSource interrupt)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && InitsSoFar(churnLogs) < 2049 + 500;)
            await Task.Delay(20);
        interrupt.Cancel();
    }

    private static long InitsSoFar(string churnLogs)
    {
        try
        {
            return RunLogCheck.Of(churnLogs).Inits;
        }
        catch (IOException)
        {
            return 0; // the directory or a file not there yet
        }
    }
}
