using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>Ctrl+C during the bench (issue 25 §2): the cell the signal came into is dropped, no other starts, and
/// the report covers the cells measured, marked interrupted, with NO DATA where a target lacks its servers.</summary>
public class BenchInterruptTests
{
    [Fact]
    public async Task TheCellsBeforeTheSignalAreKeptAndTheOneUnderWayIsNot()
    {
        var config = new BenchConfig(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), 1, ["echo-1x64"], [], 200, 300, 5, HttpRequests: 200)
        {
            Servers = [ServerKind.Gateway, ServerKind.Otp, ServerKind.Kestrel],
        };
        using var interrupt = new CancellationTokenSource();
        var lines = new List<string>();
        var report = await new BenchRunner(config, BenchPaths.Discover(), line =>
        {
            lines.Add(line);
            if (line.StartsWith("[2/3] ", StringComparison.Ordinal))
                interrupt.Cancel(); // as the second cell (OTP) starts
        }).RunAsync(interrupt.Token);

        Assert.True(report.Interrupted);
        Assert.Equal(3, report.CellsPlanned);
        var cell = Assert.Single(report.Cells);
        Assert.Equal(ServerKind.Gateway, cell.Server);
        Assert.Contains(lines, l => l.StartsWith("[2/3] discarded", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("[3/3]", StringComparison.Ordinal));
        Assert.Empty(report.Http); // the calibration never started
        var table = BenchTable.Render(report);
        Assert.Contains("**Interrupted:** 1 of 3 cells were measured before the signal", table);
        // OTP was never measured: its comparison is NO DATA, not a verdict.
        var p50 = Assert.Single(report.Lines, l => l.Workload == "echo-1x64" && l.Metric == "p50Us");
        Assert.All(p50.Targets, c => Assert.True(c.NoData, c.Target));
        Assert.NotEmpty(p50.Targets);
        // What the terminal shows: the same, within 100 columns.
        var summary = BenchSummary.Render(report, "bench/results/x-interrupted.md");
        Assert.Contains("interrupted: 1 of 3 cells were measured before the signal", summary);
        Assert.Contains("p50 ≤ 1.2 × best peer's, while echo 100 × 64 B ≥ 1.1 × best peer: NO DATA", Lab.TestSupport.FoldedText.Unfold(summary));
        Assert.Empty(Lab.TestSupport.OutputWidth.Problems(summary, "bench summary"));
    }
}
