using System.Net.Sockets;
using System.Text;
using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Tests.Support;
using Lab.Testing;

namespace Lab.Gateway.Tests.Loopback;

/// <summary>Every way a connection ends, one row each, with all four of do_terminate's ending fields
/// (reason, closedBy, closeKind, reply): the behaviour the connection record's one owner must keep.</summary>
public class ConnectionEndTests
{
    [Fact]
    public async Task FramesThenThePeersFinIsPeerClosed()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(PacketWriter.Encode("hi"u8.ToArray(), 4));
        await client.ReadExactlyAsync(6);
        client.Socket.Shutdown(SocketShutdown.Send);
        await client.ReadToEndAsync();

        await AssertEndAsync(gateway, client.LocalPort, "peer_closed", "peer", "fin", "none");
    }

    [Theory]
    [InlineData(RejectPolicy.Fin, "fin", "none")]
    [InlineData(RejectPolicy.Rst, "rst", "none")]
    [InlineData(RejectPolicy.Http400, "fin", "http400")]
    public async Task ABadHeadIsAHeadErrorClosedAsThePolicySays(RejectPolicy policy, string closeKind, string reply)
    {
        await using var gateway = await TestGateway.StartAsync(policy);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(BadHeads.BogusGet);
        await client.ReadToEndAsync();

        await AssertEndAsync(gateway, client.LocalPort, "head_error", "gateway", closeKind, reply);
    }

    [Fact]
    public async Task AHeldBadHeadThePeerGivesUpOnIsPeerClosed()
    {
        await using var gateway = await TestGateway.StartAsync(RejectPolicy.Hold);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(BadHeads.BogusGet);
        await gateway.WaitForLiveConnectionsAsync(1);
        await WaitForAsync(() => File.ReadAllText(Path.Combine(gateway.LogsDirectory, "gateway.log")).Contains("head_error"), gateway);
        client.Socket.Shutdown(SocketShutdown.Send);
        await client.ReadToEndAsync();

        await AssertEndAsync(gateway, client.LocalPort, "peer_closed", "peer", "fin", "none");
    }

    [Fact]
    public async Task AHeldBadHeadPastTheFrameTimeoutIsAFrameTimeout()
    {
        await using var gateway = await TestGateway.StartAsync(RejectPolicy.Hold, frameTimeout: TimeSpan.FromMilliseconds(300));
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(BadHeads.BogusGet);
        await client.ReadToEndAsync();

        await AssertEndAsync(gateway, client.LocalPort, "frame_timeout", "gateway", "fin", "none");
    }

    [Fact]
    public async Task ASilentConnectionIsAnIdleTimeout()
    {
        await using var gateway = await TestGateway.StartAsync(idleTimeout: TimeSpan.FromMilliseconds(300));
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.ReadToEndAsync();

        await AssertEndAsync(gateway, client.LocalPort, "idle_timeout", "gateway", "fin", "none");
    }

    [Fact]
    public async Task AConnectionBeyondTheCapIsMaxConnections()
    {
        await using var gateway = await TestGateway.StartAsync(maxConnections: 1);
        using var held = await RawClient.ConnectAsync(gateway.Frames);
        await gateway.WaitForLiveConnectionsAsync(1);
        using var refused = await RawClient.ConnectAsync(gateway.Frames);
        await refused.ReadToEndAsync();
        held.Dispose();

        await AssertEndAsync(gateway, refused.LocalPort, "max_connections", "gateway", "fin", "none");
    }

    [Fact]
    public async Task AFrameConnectionLiveAtStopIsShutdown()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await gateway.WaitForLiveConnectionsAsync(1);

        await AssertEndAsync(gateway, client.LocalPort, "shutdown", "gateway", "fin", "none", waitForNone: false);
    }

    [Fact]
    public async Task AnHttpClientsFinIsPeerClosed()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await RawClient.ConnectAsync(gateway.Http);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
        await client.ReadUntilAsync(1, TimeSpan.FromSeconds(5));
        client.Socket.Shutdown(SocketShutdown.Send);
        await client.ReadToEndAsync();

        await AssertEndAsync(gateway, client.LocalPort, "peer_closed", "peer", "fin", "none");
    }

    [Fact]
    public async Task AnHttpConnectionCloseRequestIsConnectionClose()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await RawClient.ConnectAsync(gateway.Http);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        await client.ReadToEndAsync();

        await AssertEndAsync(gateway, client.LocalPort, "connection_close", "gateway", "fin", "none");
    }

    [Fact]
    public async Task AnIdleHttpKeepAliveConnectionIsAnIdleTimeout()
    {
        // Kestrel's keep-alive timeout is the gateway's idle timeout, checked on its one-second heartbeat.
        await using var gateway = await TestGateway.StartAsync(idleTimeout: TimeSpan.FromSeconds(1));
        using var client = await RawClient.ConnectAsync(gateway.Http);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
        await client.ReadToEndAsync(TimeSpan.FromSeconds(15));

        await AssertEndAsync(gateway, client.LocalPort, "idle_timeout", "gateway", "fin", "none");
    }

    [Fact]
    public async Task AnHttpConnectionLiveAtStopIsShutdown()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await RawClient.ConnectAsync(gateway.Http);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));
        await client.ReadUntilAsync(1, TimeSpan.FromSeconds(5));

        await AssertEndAsync(gateway, client.LocalPort, "shutdown", "gateway", "fin", "none", waitForNone: false);
    }

    private static async Task AssertEndAsync(TestGateway gateway, int clientPort, string reason, string closedBy, string closeKind, string reply,
        bool waitForNone = true)
    {
        if (waitForNone)
            await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();
        var end = logs.ForClient("do_terminate", clientPort);
        var ending = (end.GetProperty("reason").GetString(), end.GetProperty("closedBy").GetString(), end.GetProperty("closeKind").GetString(),
            end.GetProperty("reply").GetString());
        Assert.True((reason, closedBy, closeKind, reply) == ending, $"expected {(reason, closedBy, closeKind, reply)}, logged {ending}; logs in {logs.Directory}");
    }

    private static async Task WaitForAsync(Func<bool> condition, TestGateway gateway)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !condition(); await Task.Delay(20))
            Assert.True(DateTime.UtcNow < deadline, $"condition never held; logs in {gateway.LogsDirectory}");
    }
}
