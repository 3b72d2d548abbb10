using Lab.Probes.Http;
using Lab.Probes.Tests.Support;

namespace Lab.Probes.Tests.Http;

/// <summary>The per-request split (connect, first byte, total) against the gateway's lab endpoint, checked
/// against the connections the probe itself reports, and the fixed-size latency store.</summary>
public class HttpSplitTests(LabEndpointFixture endpoint) : IClassFixture<LabEndpointFixture>
{
    [Fact]
    public async Task ShortModeTimesAConnectForEveryRequest()
    {
        var result = await new HttpProbe(endpoint.Url("/split-short"), 40, 4).RunAsync(HttpMode.Short);

        Assert.Equal(40, result.Ok);
        Assert.Equal(40, result.ConnectionsOpened);
        Assert.Equal(0, result.ConnectionsUnused);
        Assert.Equal(40, result.ConnectUs.Count);
        Assert.Equal(40, result.FirstByteUs.Count);
        Assert.Equal(40, result.TotalUs.Count);
    }

    [Fact]
    public async Task KeepAliveTimesAConnectOnlyForTheFirstRequestOnEachConnection()
    {
        var result = await new HttpProbe(endpoint.Url("/split-keepalive"), 120, 4).RunAsync(HttpMode.KeepAlive);

        Assert.Equal(120, result.Ok);
        Assert.InRange(result.ConnectionsOpened, 1, 4);
        Assert.Equal(result.ConnectionsOpened - result.ConnectionsUnused, result.ConnectUs.Count);
        Assert.Equal((long?)result.ServerConnections, result.ConnectUs.Count);
        Assert.Equal(120, result.FirstByteUs.Count);
        Assert.Equal(120, result.TotalUs.Count);
    }

    [Theory]
    [InlineData(HttpMode.Short)]
    [InlineData(HttpMode.KeepAlive)]
    public async Task PercentilesAreOrderedAndTheFirstByteComesBeforeTheTotal(HttpMode mode)
    {
        var r = await new HttpProbe(endpoint.Url("/split-order"), 200, 8).RunAsync(mode);

        foreach (var p in new[] { r.ConnectUs, r.FirstByteUs, r.TotalUs })
            Assert.True(p.Count > 0 && p.P50 <= p.P90 && p.P90 <= p.P99 && p.P99 <= p.Max, p.ToString());
        Assert.True(r.FirstByteUs.P50 <= r.TotalUs.P50 && r.FirstByteUs.P90 <= r.TotalUs.P90
                    && r.FirstByteUs.P99 <= r.TotalUs.P99 && r.FirstByteUs.Max <= r.TotalUs.Max, $"{r.FirstByteUs} {r.TotalUs}");
        Assert.True(r.FirstByteUs.P50 > 0, r.FirstByteUs.ToString());
        // The old fields are the total's percentiles in ms.
        Assert.Equal(Latencies.Of(r.TotalUs), new Latencies(r.P50Ms, r.P90Ms, r.P99Ms, r.MaxMs));
    }

    [Fact]
    public async Task ADurationRunStopsOnTimeAndCountsWhatItSent()
    {
        var result = await new HttpProbe(endpoint.Url("/split-duration"), HttpLoad.For(TimeSpan.FromMilliseconds(500)), 4)
            .RunAsync(HttpMode.KeepAlive);

        Assert.InRange(result.Seconds, 0.5, 2.0);
        Assert.True(result.Requests > 0);
        Assert.Equal(result.Requests, result.Ok);
        Assert.Equal(result.Requests, result.TotalUs.Count);
        Assert.False(result.StoppedAtCap);
    }

    [Fact]
    public async Task ADurationRunStopsAtItsCapOnRequests()
    {
        var result = await new HttpProbe(endpoint.Url("/split-cap"), HttpLoad.For(TimeSpan.FromMinutes(1), maxRequests: 300), 4)
            .RunAsync(HttpMode.KeepAlive);

        Assert.Equal(300, result.Requests);
        Assert.True(result.StoppedAtCap);
        Assert.True(result.Seconds < 30, $"{result.Seconds} s");
    }

    [Fact]
    public async Task TheLatencyStoreIsTheSameSizeForTwentyThousandRequestsAsForTen()
    {
        var small = await new HttpProbe(endpoint.Url("/split-small"), 10, 4).RunAsync(HttpMode.KeepAlive);
        var large = await new HttpProbe(endpoint.Url("/split-large"), 20_000, 8).RunAsync(HttpMode.KeepAlive);

        Assert.Equal(20_000, large.Ok);
        Assert.Equal(small.LatencyStoreBytes, large.LatencyStoreBytes);
        Assert.Equal(3 * new LatencyHistogram().FootprintBytes, large.LatencyStoreBytes);
    }
}
