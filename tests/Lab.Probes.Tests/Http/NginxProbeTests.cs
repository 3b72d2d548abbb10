using Lab.Probes.Http;
using Lab.Probes.Pipeline;
using Lab.Probes.Tests.Support;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Http;

/// <summary>The probes against real nginx: its access log's $connection numbers are the server's
/// count of connections, which must equal the probe's.</summary>
public class NginxProbeTests(NginxFixture nginx) : IClassFixture<NginxFixture>
{
    [Fact]
    public async Task ShortAndKeepAliveConnectionCountsEqualNginxs()
    {
        var server = nginx.Server;
        var before = server.ConnectionsSeen();
        var shortResult = await new HttpProbe(server.Url("/short"), 30, 4).RunAsync(HttpMode.Short);
        var afterShort = server.ConnectionsSeen();
        var keepAlive = await new HttpProbe(server.Url("/keepalive"), 60, 4).RunAsync(HttpMode.KeepAlive);
        var afterKeepAlive = server.ConnectionsSeen();

        Assert.Equal(30, shortResult.Ok);
        Assert.Equal(30, shortResult.ConnectionsOpened);
        Assert.Equal(30, afterShort.Except(before).Count());
        Assert.Null(shortResult.ServerConnections); // not the lab endpoint: no server view in the replies

        Assert.Equal(60, keepAlive.Ok);
        Assert.InRange(keepAlive.ConnectionsOpened, 1, 4);
        // nginx logs requests: a connection the pool opened but never used (another one freed up first)
        // is the probe's to count, not nginx's.
        Assert.Equal(keepAlive.ConnectionsOpened - keepAlive.ConnectionsUnused, afterKeepAlive.Except(afterShort).Count());
        Assert.Equal(0, shortResult.ConnectionsUnused);
    }

    [Fact]
    public async Task PipelinedResponsesArriveInOrder()
    {
        var result = await new PipelineProbe(nginx.Server.Url("/pipeline"), 8).RunAsync();

        Assert.Null(result.Error);
        Assert.Equal(8, result.Responses);
        Assert.True(result.InOrder, result.OrderCheck);
        Assert.Equal("each body echoes its own path marker", result.OrderCheck);
    }
}
