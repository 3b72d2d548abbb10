using Lab.Probes.Http;
using Lab.Probes.Pipeline;
using Lab.Probes.Tests.Support;

namespace Lab.Probes.Tests.Http;

/// <summary>The probes against the gateway's HTTP lab endpoint, whose replies number connections and
/// requests from the server's side: the probe's count must equal the server's.</summary>
public class LabEndpointProbeTests(LabEndpointFixture endpoint) : IClassFixture<LabEndpointFixture>
{
    [Fact]
    public async Task ShortModeOpensOneConnectionPerRequestAndTheServerHoldsTimeWait()
    {
        var result = await new HttpProbe(endpoint.Url("/short"), 30, 4).RunAsync(HttpMode.Short);

        Assert.Equal(30, result.Ok);
        Assert.Equal(30, result.ConnectionsOpened);
        Assert.Equal(30, result.ServerConnections);
        Assert.Equal(1, result.RequestsPerConnection);
        // Every short connection leaves a TIME_WAIT on the side that closed first. HTTP/1.0 without
        // keep-alive: the server closes after its response, usually first; with a Content-Length the
        // client may finish reading and close first too, so both sides are counted, none is lost.
        Assert.InRange(result.TimeWait, result.DistinctClientPorts, 2 * result.DistinctClientPorts);
        Assert.Equal(result.TimeWait, result.TimeWaitClientSide + result.TimeWaitServerSide);
        Assert.True(result.TimeWaitServerSide > result.TimeWaitClientSide, $"server {result.TimeWaitServerSide}, client {result.TimeWaitClientSide}");
    }

    [Fact]
    public async Task KeepAliveOpensAtMostConcurrencyConnections()
    {
        var result = await new HttpProbe(endpoint.Url("/keepalive"), 60, 4).RunAsync(HttpMode.KeepAlive);

        Assert.Equal(60, result.Ok);
        Assert.InRange(result.ConnectionsOpened, 1, 4);
        Assert.Equal(result.ConnectionsOpened, result.ServerConnections);
        Assert.Equal(result.DistinctClientPorts, result.ConnectionsOpened);
        Assert.Equal(60.0 / result.ConnectionsOpened, result.RequestsPerConnection, 2);
    }

    [Fact]
    public async Task PipelinedResponsesArriveInOrder()
    {
        var result = await new PipelineProbe(endpoint.Url("/pipeline"), 8).RunAsync();

        Assert.Null(result.Error);
        Assert.Equal(8, result.Responses);
        Assert.True(result.InOrder);
        Assert.Equal(Enumerable.Range(2, 8).Select(n => (int?)n), result.ServerRequestNumbers);
        Assert.All(result.Statuses, s => Assert.Equal(200, s));
    }
}
