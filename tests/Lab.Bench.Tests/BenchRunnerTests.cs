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
            ["echo-1x64", "echo-100x64", "reject", "memory", "capacity"], [], 200, 300, 5);
        var report = await new BenchRunner(config, BenchPaths.Discover(), _ => { }).RunAsync();
        var table = BenchTable.Render(report);
        var rows = table.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();

        Assert.Equal(BenchTable.Header, rows[0]);
        var lines = rows.Skip(1).ToList();
        Assert.Equal(["echo 1 × 64 B", "echo 1 × 64 B", "echo 100 × 64 B", "echo 100 × 64 B", "reject, 5 loops, full logging", "idle memory, 200 held", "capacity, 300 held"],
            lines.Select(l => l.Split('|')[1].Trim()));
        Assert.All(lines, l => Assert.Equal(11, l.Split('|').Length - 1));
        Assert.Contains(lines, l => l.Contains("PASS") || l.Contains("MISS"));
        Assert.Matches(@"Targets: \d+ PASS, \d+ MISS", table);
        Assert.All(report.Lines.Where(l => l.Metric == "perSecond"), l => Assert.All(l.Median.Values, v => Assert.True(v > 0)));
        Assert.Equal(300, report.Lines.Single(l => l.Workload == "capacity").Median["gateway"]);
    }
}
