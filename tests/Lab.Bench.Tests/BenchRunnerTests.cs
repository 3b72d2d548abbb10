using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The bench runner with a tiny configuration: every server starts, every workload runs, and
/// the table has its shape. The numbers are not checked here — speed lives in `./lab bench`.</summary>
public class BenchRunnerTests
{
    [Fact]
    public async Task TinyRunProducesTheTableShape()
    {
        var config = new BenchConfig(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), 1,
            ["echo-1x64", "echo-100x64", "reject", "reject-probe", "burst", "memory", "capacity"], [], 200, 300, 5)
        {
            IdleAllocation = TimeSpan.FromMilliseconds(1500),
            BurstConnections = 300,
            BurstWave = 100,
        };
        var report = await new BenchRunner(config, BenchPaths.Discover(), _ => { }).RunAsync();
        var table = BenchTable.Render(report);
        var rows = table.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();

        Assert.Equal(BenchTable.Header, rows[0]);
        var lines = rows.Skip(1).ToList();
        Assert.Equal(["echo 1 × 64 B", "echo 1 × 64 B", "echo 100 × 64 B", "echo 100 × 64 B", "reject, 5 loops, full logging",
                "reject, 5 loops, probe frames (reference)", "connect burst, 300 by 100", "connect burst, 300 by 100", "idle memory, 200 held", "capacity, 300 held", "allocation, echo cells of ≤ 100 connections"],
            lines.Select(l => l.Split('|')[1].Trim()));
        Assert.All(lines, l => Assert.Equal(12, l.Split('|').Length - 1));
        // Echo and reject rows by labload, with both sides' CPU; rows that measure no CPU show "—".
        Assert.All(report.Lines.Where(l => l.Workload is "echo-1x64" or "echo-100x64" or "reject"), l =>
        {
            Assert.Equal("labload", l.Generator);
            Assert.All(l.ServerCpuSeconds.Values, v => Assert.True(v > 0, $"{l.Title}: no server CPU"));
            Assert.All(l.GeneratorCpuSeconds.Values, v => Assert.True(v > 0, $"{l.Title}: no generator CPU"));
            Assert.Equal(l.GeneratorBound, l.GeneratorCpuSeconds.Where(g => g.Value > l.ServerCpuSeconds[g.Key]).Select(g => g.Key));
        });
        Assert.Equal("probe frames", report.Lines.Single(l => l.Workload == "reject-probe").Generator);
        Assert.All(lines.Where(l => l.Contains("connect burst") || l.Contains("idle memory") || l.Contains("capacity")), l =>
        {
            Assert.Equal("—", l.Split('|')[8].Trim()); // server CPU
            Assert.Equal("—", l.Split('|')[9].Trim()); // generator CPU
            Assert.Equal("—", l.Split('|')[10].Trim()); // GCs
        });
        Assert.Matches(@"commit [0-9a-f]{7,}(-dirty)?,", table); // the code this table measured

        // The chart: each line once (scaling at 100 would repeat echo 100 × 64 B), every bar "times better for the
        // gateway" whichever way its metric points.
        var chart = RatioChart.Rows(report);
        Assert.Equal(chart.Count, chart.DistinctBy(r => (r.Title, r.Reference)).Count());
        var p50 = report.Lines.Single(l => l.Metric == "p50Us");
        Assert.Equal(p50.Median["otp"] / p50.Median["gateway"], chart.Single(r => r.Title.StartsWith("echo 1 × 64 B, p50", StringComparison.Ordinal) && r.Reference == "otp").Advantage, 6);
        var rate = report.Lines.Single(l => l.Workload == "reject" && l.Metric == "perSecond");
        Assert.Equal(rate.Median["gateway"] / rate.Median["kestrel"], chart.Single(r => r.Title.StartsWith("reject, 5 loops, full", StringComparison.Ordinal) && r.Reference == "kestrel").Advantage, 6);
        var png = Path.Combine(Path.GetTempPath(), $"lab-chart-{Guid.NewGuid():N}.png");
        RatioChart.Save(report, png);
        Assert.True(new FileInfo(png).Length > 10_000);
        File.Delete(png);
        // The footer counts what the rows say, and --fail-on-miss decides on the same list.
        var checks = BenchTable.Checks(report);
        Assert.NotEmpty(checks);
        Assert.Contains($"Targets: {checks.Count(c => c.Pass)} PASS, {checks.Count(c => !c.Pass)} MISS.", table);
        Assert.Equal(checks.Count, lines.Sum(l => System.Text.RegularExpressions.Regex.Matches(l, @"\b(PASS|MISS) ").Count));
        Assert.All(report.Lines.Where(l => l.Metric == "perSecond"), l => Assert.All(l.Median.Values, v => Assert.True(v > 0)));
        Assert.Equal(300, report.Lines.Single(l => l.Workload == "capacity").Median["gateway"]);
        // Counted on the server's side: socket descriptors the gateway holds, not the client's connects.
        Assert.Equal(300, report.Lines.Single(l => l.Metric == "accepted").Median["gateway"]);
        // The .NET servers' runtime counters were read; OTP has none.
        Assert.All(report.Lines.Where(l => l.Workload.StartsWith("echo-", StringComparison.Ordinal) && l.Metric == "perSecond"),
            l => Assert.Equal(["gateway", "kestrel"], l.Collections.Keys.Order()));
        var allocation = report.Lines.Single(l => l.Metric == "allocatedPerFrame");
        Assert.False(allocation.Median.ContainsKey("otp"));
        Assert.Contains("frames", allocation.Targets.Single().Measured);
    }
}
