using System.Net.Sockets;
using Lab.Gateway.Connections;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.Gateway.Tests.Loopback;

/// <summary>Port ids come from one counter shared by every socket the gateway owns: they increase,
/// and every gap in the frame connections' ids has a journal entry saying what took it.</summary>
public class PortIdTests
{
    [Fact]
    public async Task IdsIncreaseAndAnHttpConnectionExplainsTheGap()
    {
        await using var gateway = await TestGateway.StartAsync();
        var first = await BogusGetAsync(gateway);
        using (var http = new HttpClient())
            Assert.Contains("\"portId\":", await http.GetStringAsync($"http://{gateway.Http}/between"));
        await gateway.WaitForNoConnectionsAsync();
        var second = await BogusGetAsync(gateway);
        await gateway.WaitForNoConnectionsAsync();

        var logs = await gateway.StopAndReadLogsAsync();
        var a = logs.PortIdOf(first);
        var b = logs.PortIdOf(second);
        Assert.True(b > a + 1, $"expected a gap between #Port<0.{a}> and #Port<0.{b}>");
        var journal = logs.Journal.Where(l => !l.StartsWith('#') || l.StartsWith("#Port")).ToArray();
        for (var id = a + 1; id < b; id++)
        {
            var entry = Assert.Single(journal, l => l.StartsWith($"#Port<0.{id}>\t", StringComparison.Ordinal));
            Assert.Equal("http", entry.Split('\t')[2]);
        }
        // The listeners took ids too, from the same counter.
        Assert.Contains(journal, l => l.Split('\t')[2] == ListenerKind.Frames.ToListenerSocketName());
        Assert.Contains(journal, l => l.Split('\t')[2] == ListenerKind.Http.ToListenerSocketName());
        var ids = journal.Skip(1).Select(l => long.Parse(l.Split('\t')[0][8..^1])).ToArray();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public async Task BeyondTheCapConnectionsAreAcceptedLoggedAndRefused()
    {
        await using var gateway = await TestGateway.StartAsync(maxConnections: 2, connectionFiles: true);
        using var held1 = await RawClient.ConnectAsync(gateway.Frames);
        using var held2 = await RawClient.ConnectAsync(gateway.Frames);
        await gateway.WaitForLiveConnectionsAsync(2);

        using var refused = await RawClient.ConnectAsync(gateway.Frames);
        var (_, ending) = await refused.ReadToEndAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(SocketError.Success, ending);
        Assert.False(held1.Socket.Poll(0, SelectMode.SelectRead), "a connection under the cap must stay open");

        var held1Port = held1.LocalPort;
        held1.Dispose();
        held2.Dispose();
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();
        var portId = logs.PortIdOf(refused.LocalPort);
        Assert.Equal(portId, logs.ForClient("refused", refused.LocalPort).GetProperty("portId").GetInt64());
        var end = logs.ForClient("do_terminate", refused.LocalPort);
        Assert.Equal(TerminateReason.MaxConnections.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("fin", end.GetProperty("closeKind").GetString());
        Assert.Contains("refused", logs.ConnectionFile(portId));
        Assert.Equal(TerminateReason.PeerClosed.ToLogName(), logs.ForClient("do_terminate", held1Port).GetProperty("reason").GetString());
    }

    private static async Task<int> BogusGetAsync(TestGateway gateway)
    {
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(BadHeads.BogusGet);
        await client.ReadToEndAsync();
        return client.LocalPort;
    }
}
