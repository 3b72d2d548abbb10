using System.Net.Sockets;
using System.Text;
using Lab.Gateway.Connections;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.Gateway.Tests.Loopback;

/// <summary>A raw client sends the seed's bogus GET; each policy must close the way it promises,
/// and every log must say so with the right port id, client port, decoded length and close kind.</summary>
public class RejectPolicyTests
{
    [Fact]
    public async Task FinPolicyEndsWithEndOfStreamNotReset()
    {
        // With per-connection files: the connection's lines come from conn/<N>.log; the other policies' from gateway.log.
        await using var gateway = await TestGateway.StartAsync(RejectPolicy.Fin, connectionFiles: true);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(BadHeads.BogusGet);

        var (bytes, ending) = await client.ReadToEndAsync();

        Assert.Empty(bytes);
        Assert.Equal(SocketError.Success, ending);
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();
        AssertLoggedEverywhere(logs, client.LocalPort, "fin", "none");
    }

    [Fact]
    public async Task RstPolicyResetsTheConnection()
    {
        await using var gateway = await TestGateway.StartAsync(RejectPolicy.Rst);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(BadHeads.BogusGet);

        var (bytes, ending) = await client.ReadToEndAsync();

        Assert.Empty(bytes);
        Assert.Equal(SocketError.ConnectionReset, ending);
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();
        AssertLoggedEverywhere(logs, client.LocalPort, "rst", "none");
    }

    [Fact]
    public async Task Http400PolicyAnswersBadRequestThenCloses()
    {
        await using var gateway = await TestGateway.StartAsync(RejectPolicy.Http400);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(BadHeads.BogusGet);

        var (bytes, ending) = await client.ReadToEndAsync();

        var text = Encoding.ASCII.GetString(bytes);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", text);
        Assert.Contains("Connection: close\r\n", text);
        Assert.Contains("{packet,4}", text);
        Assert.Equal(SocketError.Success, ending);
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();
        AssertLoggedEverywhere(logs, client.LocalPort, "fin", "http400");
    }

    [Fact]
    public async Task HoldPolicyKeepsTheConnectionUntilTheIdleTimeout()
    {
        // 4 s: the check a second after registration stays before the timeout even when registering took a loaded
        // machine a second or two.
        var idle = TimeSpan.FromSeconds(4);
        await using var gateway = await TestGateway.StartAsync(RejectPolicy.Hold, idleTimeout: idle, frameTimeout: TimeSpan.FromMinutes(1));
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(BadHeads.BogusGet);
        var sent = DateTime.UtcNow;
        await gateway.WaitForLiveConnectionsAsync(1);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(client.Socket.Poll(0, SelectMode.SelectRead), "hold must not close before the idle timeout");
        Assert.Equal(1, gateway.Host.LiveConnections);

        var (bytes, ending) = await client.ReadToEndAsync(TimeSpan.FromSeconds(10));
        var heldFor = DateTime.UtcNow - sent;

        Assert.Empty(bytes);
        Assert.Equal(SocketError.Success, ending);
        // Slack for two busy cores; without the timeout the read would run to its own 10 s.
        Assert.InRange(heldFor, idle - TimeSpan.FromMilliseconds(100), idle + TimeSpan.FromSeconds(5));
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();
        var end = logs.ForClient("do_terminate", client.LocalPort);
        Assert.Equal(TerminateReason.IdleTimeout.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("hold", logs.ForClient("head_error", client.LocalPort).GetProperty("policy").GetString());
    }

    [Theory]
    [MemberData(nameof(BadHeads.All), MemberType = typeof(BadHeads))]
    public async Task EveryBadHeadIsLoggedWithItsOrigin(string name, byte[] bytes, uint declared, string origin)
    {
        await using var gateway = await TestGateway.StartAsync(RejectPolicy.Fin, test: $"BadHead-{name.Replace('/', '_')}");
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(bytes);
        await client.ReadToEndAsync();
        await gateway.WaitForNoConnectionsAsync();

        var logs = await gateway.StopAndReadLogsAsync();
        var headError = logs.ForClient("head_error", client.LocalPort);
        Assert.Equal(declared, headError.GetProperty("headLength").GetUInt32());
        Assert.StartsWith(origin, headError.GetProperty("origin").GetString());
        Assert.Equal(Convert.ToHexString(bytes.AsSpan(0, Math.Min(16, bytes.Length))), headError.GetProperty("headHex").GetString());
    }

    private static void AssertLoggedEverywhere(RunLogs logs, int clientPort, string closeKind, string reply)
    {
        var portId = logs.PortIdOf(clientPort);
        var headError = logs.ForClient("head_error", clientPort);
        Assert.Equal(portId, headError.GetProperty("portId").GetInt64());
        Assert.Equal(1195725856u, headError.GetProperty("headLength").GetUInt32());
        Assert.Equal("0x47455420", headError.GetProperty("headLengthHex").GetString());
        Assert.Equal("GET /anything HT", headError.GetProperty("headAscii").GetString());
        Assert.Equal("http(GET)", headError.GetProperty("origin").GetString());

        var end = logs.ForClient("do_terminate", clientPort);
        Assert.Equal(portId, end.GetProperty("portId").GetInt64());
        Assert.Equal(TerminateReason.HeadError.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("gateway", end.GetProperty("closedBy").GetString());
        Assert.Equal(closeKind, end.GetProperty("closeKind").GetString());
        Assert.Equal(reply, end.GetProperty("reply").GetString());
        Assert.Equal(BadHeads.BogusGet.Length, end.GetProperty("bytesIn").GetInt64());

        var port = $"#Port<0.{portId}>";
        foreach (var text in new[] { logs.ConnectionText(portId), logs.Text })
        {
            var lines = text.Split('\n').Where(l => l.Contains(port + " ")).ToArray();
            Assert.Contains(lines, l => l.Contains("init ok") && l.Contains($"peer=127.0.0.1:{clientPort}"));
            Assert.Contains(lines, l => l.Contains("head_error") && l.Contains("headLength=1195725856") && l.Contains("headAscii=\"GET /anything HT\""));
            Assert.Contains(lines, l => l.Contains("do_terminate") && l.Contains($"closeKind={closeKind}") && l.Contains($"peer=127.0.0.1:{clientPort}"));
        }
        Assert.All(logs.ConnectionText(portId).Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Contains(port, l));
    }
}
