using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The bench runner with a tiny configuration: every server starts, every kind of workload runs
/// (labload and probe echo, a scaling level, reject both ways, burst, memory, capacity, the HTTP
/// calibration), and the table has its shape. The numbers are not checked here — speed lives in `./lab bench`.</summary>
public class BenchRunnerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task TinyRunProducesTheTableShape()
    {
        var config = new BenchConfig(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), 1,
            ["echo-1x64", "echo-10x64", "echo-100x64", "reject", "echo-100x64-probe", "reject-probe", "burst", "memory", "capacity"], [10], 200, 300, 5, HttpRequests: 200)
        {
            IdleAllocation = TimeSpan.FromMilliseconds(1500),
            BurstConnections = 300,
            BurstWave = 100,
        };
        var report = await new BenchRunner(config, BenchPaths.Discover(), _ => { }).RunAsync();
        var table = BenchTable.Render(report);
        output.WriteLine(table);
        // The terminal's view of the same run: a line per metric with every target's verdict, within 100 columns.
        var summary = BenchSummary.Render(report, "bench/results/x.md");
        Assert.Empty(Lab.TestSupport.OutputWidth.Problems(summary, "bench summary"));
        var unfolded = Lab.TestSupport.FoldedText.Unfold(summary);
        Assert.All(report.Lines.SelectMany(l => l.Targets), t => Assert.Contains($"{t.Target}: {t.Verdict}", unfolded));
        Assert.Equal(report.Lines.Count + report.Http.Count + 2, unfolded.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var rows = Table(table, "| workload |");

        Assert.Equal(BenchTable.Header(config.Servers), rows[0]);
        // Every server of the run has a column, and every peer a ratio: gateway, OTP, Kestrel, Netty, Go.
        var n = config.Servers.Count;
        Assert.Equal(5, n);
        var cpu = 2 * n + 3; // title, metric, n medians, n - 1 ratios, best peer, then server CPU
        var lines = rows.Skip(2).ToList();
        Assert.Equal(["echo 1 × 64 B", "echo 1 × 64 B", "echo 100 × 64 B", "echo 100 × 64 B", "scaling 10 × 64 B", "scaling 10 × 64 B", "reject, 5 loops, full logging",
                "echo 100 × 64 B, probe frames (reference)", "reject, 5 loops, probe frames (reference)", "connect burst, 300 by 100", "connect burst, 300 by 100",
                "idle memory, 200 held", "capacity, 300 held", "allocation, echo-1x64", "allocation, echo-10x64", "allocation, echo-100x64"],
            lines.Select(l => l.Split('|')[1].Trim()));
        Assert.All(lines, l => Assert.Equal(2 * n + 8, l.Split('|').Length - 1));
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
            Assert.Equal("—", l.Split('|')[cpu].Trim()); // server CPU
            Assert.Equal("—", l.Split('|')[cpu + 1].Trim()); // generator CPU
            Assert.Equal("—", l.Split('|')[cpu + 2].Trim()); // GCs
            Assert.Equal("—", l.Split('|')[cpu + 3].Trim()); // load errors
        });
        // Load rows show each server's load errors (none in a clean tiny run).
        Assert.All(lines.Where(l => l.StartsWith("| echo 1 × 64 B", StringComparison.Ordinal)), l => Assert.Equal("0 / 0 / 0 / 0 / 0", l.Split('|')[cpu + 3].Trim()));
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
        Assert.Contains($"Targets: {checks.Count(c => c.Pass)} PASS, {checks.Count(c => !c.Pass && !c.NoData)} MISS" +
                        (checks.Any(c => c.NoData) ? $", {checks.Count(c => c.NoData)} NO DATA" : "") + ".", table);
        Assert.Equal(checks.Count, lines.Concat(Table(table, "| server | mode |")).Sum(l => System.Text.RegularExpressions.Regex.Matches(l, @"\b(PASS|MISS|NO DATA) ").Count));
        Assert.All(report.Lines.Where(l => l.Metric == "perSecond"), l => Assert.All(l.Median.Values, v => Assert.True(v > 0)));
        Assert.Equal(300, report.Lines.Single(l => l.Workload == "capacity").Median["gateway"]);
        // Counted on the server's side: socket descriptors the gateway holds, not the client's connects.
        Assert.Equal(300, report.Lines.Single(l => l.Metric == "accepted").Median["gateway"]);
        // The .NET servers reported their own collections in labload's window; OTP has none, probe rows none.
        Assert.All(report.Lines.Where(l => l.Workload.StartsWith("echo-", StringComparison.Ordinal) && l.Generator == "labload" && l.Metric == "perSecond"),
            l => Assert.Equal(["gateway", "kestrel"], l.Collections.Keys.Order()));

        // Allocation: each echo workload of ≤ 100 connections judged on its own, on the gross figure the server
        // itself counted between labload's two signals — bytes over frames of that very cell, nothing subtracted.
        var allocation = report.Lines.Where(l => l.Metric == "allocatedPerFrame").ToList();
        Assert.Equal(["echo-1x64", "echo-10x64", "echo-100x64"], allocation.Select(l => l.Workload));
        Assert.All(allocation, l =>
        {
            Assert.Equal(["gateway", "kestrel"], l.Median.Keys.Order());
            foreach (var (server, kind) in new[] { ("gateway", ServerKind.Gateway), ("kestrel", ServerKind.Kestrel) })
            {
                var cell = Assert.Single(report.Cells, c => c.Workload == l.Workload && c.Server == kind);
                Assert.True(cell.Values["allocatedBytes"] > 0, $"{l.Workload} {server}: the server reported no allocation at all");
                Assert.Equal(cell.Values["allocatedBytes"] / cell.Values["operations"], l.Median[server]);
            }
            var target = l.Targets.Single();
            var gross = l.Median["gateway"];
            Assert.Equal(gross < BenchLines.AllocationTarget, target.Pass);
            Assert.StartsWith($"worst {gross.ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture)} (", target.Measured);
            // The idle server's own rate beside it, from the memory cell.
            var idle = Assert.Single(report.Cells, c => c.Workload == "memory" && c.Server == ServerKind.Gateway);
            var shown = System.Text.RegularExpressions.Regex.Match(target.Measured, @"; idle: gateway ([0-9.]+) B/s, kestrel [0-9.]+ B/s$");
            Assert.True(shown.Success, target.Measured);
            Assert.Equal(idle.Values["idleAllocatedBytes"] / idle.Values["idleSeconds"], double.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.5);
        });
        // Probe rows do not signal the server: no runtime figures rather than a window's guess.
        Assert.All(report.Cells.Where(c => c.Workload.EndsWith("-probe", StringComparison.Ordinal)), c => Assert.False(c.Values.ContainsKey("allocatedBytes")));

        // The HTTP calibration: the lab endpoint and nginx, short and keep-alive, each measured by probe http and ab.
        var http = Table(table, "| server | mode |").Skip(2).ToList();
        Assert.Equal(["lab endpoint short", "lab endpoint keep-alive", "nginx short", "nginx keep-alive"],
            http.Select(r => r.Split('|')[1].Trim() + " " + r.Split('|')[2].Trim()));
        Assert.All(report.Http, h => Assert.True(h.ProbeRps > 0 && h.AbRps > 0, $"{h.Server} {h.Mode}: probe {h.ProbeRps}, ab {h.AbRps}"));
    }

    /// <summary>A Markdown table of the rendered report, from its header row to its last row.</summary>
    private static List<string> Table(string text, string header) =>
        text.Split('\n').SkipWhile(l => !l.StartsWith(header, StringComparison.Ordinal)).TakeWhile(l => l.StartsWith('|')).ToList();
}
