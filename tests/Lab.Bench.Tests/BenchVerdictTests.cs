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

    [Fact]
    public void BestPeerIsTheBestOfThePeersMeasuredAndSaysWhichWereNot()
    {
        CellResult[] cells =
        [
            Cell("echo-100x64", ServerKind.Gateway, ("perSecond", 111_000), ("errors", 0), ("p99Us", 500)),
            Cell("echo-100x64", ServerKind.Otp, ("perSecond", 90_000), ("errors", 0), ("p99Us", 900)),
            Cell("echo-100x64", ServerKind.Kestrel, ("perSecond", 100_000), ("errors", 0), ("p99Us", 400)),
            Cell("echo-100x64", ServerKind.Go, ("perSecond", 95_000), ("errors", 0), ("p99Us", 300)),
        ];

        var lines = BenchLines.From(cells, Config);
        var rate = lines.Single(l => l.Workload == "echo-100x64" && l.Metric == "perSecond");
        var target = rate.Targets.Single();
        Assert.Equal("≥ 1.1 × best peer", target.Target);
        Assert.Equal("PASS", target.Verdict); // 111,000 ≥ 1.1 × Kestrel's 100,000
        Assert.Equal("111000 vs kestrel 100000; not measured: netty", target.Measured);
        Assert.Equal("kestrel", rate.BestPeer);
        Assert.Equal(new Dictionary<string, double> { ["otp"] = 1.23, ["kestrel"] = 1.11, ["go"] = 1.17 }, rate.GatewayTo);
        // Lower is better: the best peer's p99 is the lowest (Go's), though the target itself is Kestrel's.
        var p99 = lines.Single(l => l.Workload == "echo-100x64" && l.Metric == "p99Us");
        Assert.Equal("go", p99.BestPeer);
        Assert.Equal("MISS", p99.Targets.Single().Verdict); // 500 > Kestrel's 400

        var slower = cells.Select(c => c.Server == ServerKind.Gateway ? Cell("echo-100x64", ServerKind.Gateway, ("perSecond", 109_000), ("errors", 0), ("p99Us", 400)) : c).ToList();
        var again = BenchLines.From(slower, Config);
        Assert.Equal("MISS", again.Single(l => l.Workload == "echo-100x64" && l.Metric == "perSecond").Targets.Single().Verdict);
        Assert.Equal("PASS", again.Single(l => l.Workload == "echo-100x64" && l.Metric == "p99Us").Targets.Single().Verdict); // 400 ≤ 400

        var alone = BenchLines.From([cells[0]], Config).Single(l => l.Workload == "echo-100x64" && l.Metric == "perSecond").Targets.Single();
        Assert.Equal("NO DATA", alone.Verdict);
        Assert.Equal("no peer measured", alone.Measured);
    }

    [Fact]
    public void OneConnectionsLatencyPassesOnlyWhileTheHundredConnectionRateHolds()
    {
        CellResult[] oneConnection =
        [
            Cell("echo-1x64", ServerKind.Gateway, ("perSecond", 20_000), ("errors", 0), ("p50Us", 36)),
            Cell("echo-1x64", ServerKind.Otp, ("perSecond", 20_000), ("errors", 0), ("p50Us", 40)),
            Cell("echo-1x64", ServerKind.Netty, ("perSecond", 20_000), ("errors", 0), ("p50Us", 30)),
        ];
        CellResult[] holds =
        [
            Cell("echo-100x64", ServerKind.Gateway, ("perSecond", 120_000), ("errors", 0)),
            Cell("echo-100x64", ServerKind.Netty, ("perSecond", 100_000), ("errors", 0)),
        ];
        CellResult Traded(CellResult c) => c.Server == ServerKind.Gateway ? Cell("echo-100x64", ServerKind.Gateway, ("perSecond", 105_000), ("errors", 0)) : c;

        TargetCheck P50(IEnumerable<CellResult> cells) => BenchLines.From(cells.ToList(), Config).Single(l => l.Metric == "p50Us").Targets.Single();

        var both = P50([.. oneConnection, .. holds]);
        Assert.Equal("PASS", both.Verdict); // 36 ≤ 1.2 × Netty's 30, and 120,000 ≥ 1.1 × 100,000
        Assert.Equal("36 vs netty 30; not measured: kestrel, go; echo 100 × 64 B 120000 vs netty 100000 frames/s (holds)", both.Measured);
        var traded = P50([.. oneConnection, .. holds.Select(Traded)]);
        Assert.Equal("MISS", traded.Verdict); // the latency alone would pass; the rate it traded does not hold
        Assert.EndsWith("(does not hold)", traded.Measured);
        Assert.Equal("NO DATA", P50(oneConnection).Verdict); // no 100-connection row: nothing to say it holds
    }

    private static CellResult Cell(string workload, ServerKind server, params (string Key, double Value)[] values) =>
        new(workload, server, 1, values.ToDictionary(v => v.Key, v => v.Value));
}
