using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The bench's targets on cells that measured nothing: a percentile labload could not give, an idle-memory
/// cell that held no connection, a ListenOverflows counter that could not be read are NO DATA, never PASS; a load
/// cell with errors cannot pass whatever its figures.</summary>
public class BenchVerdictTests
{
    private static readonly BenchConfig Config = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1,
        ["echo-1x64", "echo-100x64", "burst", "memory"], [], MemoryConnections: 100, CapacityConnections: 100, RejectLoops: 5)
    {
        BurstConnections = 100,
        BurstWave = 50,
    };

    [Fact]
    public void NothingMeasuredIsNoDataAndNeverPasses()
    {
        CellResult[] cells =
        [
            // The gateway echoed nothing: labload has no percentile to give, so the cell has none.
            Cell("echo-1x64", ServerKind.Gateway, ("perSecond", 0), ("operations", 0), ("errors", 0)),
            Cell("echo-1x64", ServerKind.Otp, ("perSecond", 9000), ("operations", 9000), ("errors", 0), ("p50Us", 80), ("p99Us", 200)),
            Cell("echo-1x64", ServerKind.Kestrel, ("perSecond", 9000), ("operations", 9000), ("errors", 0), ("p50Us", 70), ("p99Us", 150)),
            Cell("memory", ServerKind.Gateway, ("opened", 0), ("rssBeforeKiB", 50_000), ("rssAfterKiB", 50_000)),
            Cell("burst", ServerKind.Gateway, ("accepted", 100), ("clientConnected", 100)),
        ];

        var lines = BenchLines.From(cells, Config);

        var p50 = lines.Single(l => l.Metric == "p50Us").Targets.Single();
        Assert.True(p50.NoData);
        Assert.False(p50.Pass);
        Assert.Equal("NO DATA", p50.Verdict);
        Assert.False(lines.Single(l => l.Metric == "p50Us").Median.ContainsKey("gateway")); // shown as "—", not 0 µs
        Assert.Equal("NO DATA", lines.Single(l => l.Metric == "kibPerConnection").Targets.Single().Verdict);
        Assert.Equal("NO DATA", lines.Single(l => l.Metric == "listenOverflows").Targets.Single().Verdict);
        Assert.Equal("PASS", lines.Single(l => l.Metric == "accepted").Targets.Single().Verdict);
    }

    [Fact]
    public void LoadErrorsInTheGatewaysCellsMakeItsTargetsMiss()
    {
        CellResult[] cells =
        [
            Cell("echo-100x64", ServerKind.Gateway, ("perSecond", 200_000), ("operations", 200_000), ("errors", 3), ("p50Us", 100), ("p99Us", 200)),
            Cell("echo-100x64", ServerKind.Otp, ("perSecond", 100_000), ("operations", 100_000), ("errors", 0), ("p50Us", 100), ("p99Us", 900)),
            Cell("echo-100x64", ServerKind.Kestrel, ("perSecond", 100_000), ("operations", 100_000), ("errors", 0), ("p50Us", 100), ("p99Us", 900)),
        ];

        var rate = BenchLines.From(cells, Config).Single(l => l.Workload == "echo-100x64" && l.Metric == "perSecond");

        Assert.All(rate.Targets, t =>
        {
            Assert.Equal("MISS", t.Verdict); // 2× OTP and Kestrel, but with errors
            Assert.EndsWith("3 load error(s) in the gateway's cells", t.Measured);
        });
        Assert.Equal(3, rate.Errors["gateway"]);
        Assert.Equal(0, rate.Errors["otp"]);
    }

    private static CellResult Cell(string workload, ServerKind server, params (string Key, double Value)[] values) =>
        new(workload, server, 1, values.ToDictionary(v => v.Key, v => v.Value));
}
