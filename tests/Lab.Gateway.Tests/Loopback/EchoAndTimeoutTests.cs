using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Tests.Support;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.Gateway.Tests.Loopback;

/// <summary>Valid frames come back unchanged; a silent or trickling client is ended by the timeouts.</summary>
public class EchoAndTimeoutTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task FramesAreEchoedWithTheSameFraming(int packet)
    {
        await using var gateway = await TestGateway.StartAsync(packet: packet);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        var payloads = new[] { 0, 1, 100, 255 }.Select(n => Enumerable.Range(0, n).Select(i => (byte)(i * 7)).ToArray()).ToArray();
        var wire = payloads.SelectMany(p => PacketWriter.Encode(p, packet)).ToArray();

        // All frames in one write: the gateway must split them itself.
        await client.SendAsync(wire);
        var echoed = await client.ReadExactlyAsync(wire.Length);

        Assert.Equal(wire, echoed);
        client.Socket.Shutdown(SocketShutdown.Send);
        Assert.Equal(SocketError.Success, (await client.ReadToEndAsync()).Ending);
        await gateway.WaitForNoConnectionsAsync();
        var end = (await gateway.StopAndReadLogsAsync()).ForClient("do_terminate", client.LocalPort);
        Assert.Equal(TerminateReason.PeerClosed.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("peer", end.GetProperty("closedBy").GetString());
        Assert.Equal(payloads.Length, end.GetProperty("frames").GetInt64());
        Assert.Equal(wire.Length, end.GetProperty("bytesIn").GetInt64());
        Assert.Equal(wire.Length, end.GetProperty("bytesOut").GetInt64());
    }

    [Fact]
    public async Task AFrameArrivingByteByByteIsEchoedOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        var wire = PacketWriter.Encode("trickle"u8, 4);
        foreach (var b in wire)
        {
            await client.SendAsync([b]);
            await Task.Delay(5);
        }
        Assert.Equal(wire, await client.ReadExactlyAsync(wire.Length));
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })] // one header byte, then silence
    [InlineData(new byte[] { 0, 0, 0, 10, 1, 2, 3, 4, 5 })] // half a frame body, then silence
    public async Task SilentClientIsClosedAtTheIdleTimeout(byte[] sent)
    {
        await using var gateway = await TestGateway.StartAsync(idleTimeout: TimeSpan.FromMilliseconds(800), frameTimeout: null);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await client.SendAsync(sent);

        var (_, ending) = await client.ReadToEndAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(SocketError.Success, ending);
        await gateway.WaitForNoConnectionsAsync();
        var end = (await gateway.StopAndReadLogsAsync()).ForClient("do_terminate", client.LocalPort);
        Assert.Equal(TerminateReason.IdleTimeout.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("gateway", end.GetProperty("closedBy").GetString());
        Assert.Equal("fin", end.GetProperty("closeKind").GetString());
    }

    [Fact]
    public async Task TricklingClientCannotHoldAFrameBeyondTheFrameTimeout()
    {
        var frameTimeout = TimeSpan.FromSeconds(1);
        await using var gateway = await TestGateway.StartAsync(idleTimeout: TimeSpan.FromSeconds(30), frameTimeout: frameTimeout);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        var started = DateTime.UtcNow; // before the header goes: the gateway's frame clock cannot start earlier than this one
        await client.SendAsync([0, 0, 0, 100]);
        while (gateway.Host.LiveConnections == 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(5))
            await Task.Delay(5); // until the gateway has registered the connection

        // One byte every 100 ms keeps the idle timeout from ever firing.
        using var trickle = new CancellationTokenSource();
        var trickling = Task.Run(async () =>
        {
            try
            {
                while (!trickle.IsCancellationRequested)
                {
                    await client.Socket.SendAsync(new byte[] { 1 }, SocketFlags.None);
                    await Task.Delay(100, trickle.Token);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException) { }
        });
        while (gateway.Host.LiveConnections > 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(10))
            await Task.Delay(20);
        var heldFor = DateTime.UtcNow - started;
        await trickle.CancelAsync();
        await trickling;

        // Slack for two busy cores; without the frame timeout the trickle would hold it past the 10 s the loop waits.
        Assert.InRange(heldFor, frameTimeout - TimeSpan.FromMilliseconds(50), frameTimeout + TimeSpan.FromSeconds(5));
        var end = (await gateway.StopAndReadLogsAsync()).ForClient("do_terminate", client.LocalPort);
        Assert.Equal(TerminateReason.FrameTimeout.ToLogName(), end.GetProperty("reason").GetString());
        // The gateway's own clock: accept to close, the header having come with the accept.
        Assert.InRange(end.GetProperty("durationMs").GetInt64(), 950, 6000);
    }
}
