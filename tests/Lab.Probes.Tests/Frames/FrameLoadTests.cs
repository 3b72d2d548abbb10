using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Hosting;
using Lab.Probes.Frames;

namespace Lab.Probes.Tests.Frames;

/// <summary>The load generator against the real gateway (no errors, logs complete), and against a
/// server that corrupts frames on purpose: the generator must count what went wrong.</summary>
public class FrameLoadTests
{
    [Fact]
    public async Task EchoRejectAndHoldRunCleanAgainstTheGateway()
    {
        var logs = Path.Combine(Path.GetTempPath(), "lab-tests", $"frames-{Guid.NewGuid().ToString("N")[..6]}");
        await using (var gateway = await GatewayHost.StartAsync(new GatewayOptions { FramesPort = 0, HttpPort = null, LogsDirectory = logs }))
        {
            var echo = await Load(gateway.FramesEndPoint, FramesMode.Echo, 8).RunAsync();
            Assert.True(echo.Operations > 100, $"{echo.Operations} frames");
            Assert.Empty(echo.Errors);
            Assert.True(echo.P50Us > 0 && echo.P50Us <= echo.P99Us && echo.P99Us <= echo.MaxUs);

            var reject = await Load(gateway.FramesEndPoint, FramesMode.Reject, 4).RunAsync();
            Assert.True(reject.Operations > 10, $"{reject.Operations} cycles");
            Assert.Empty(reject.Errors);

            var hold = await Load(gateway.FramesEndPoint, FramesMode.Hold, 50).RunAsync();
            Assert.Equal(50, hold.ConnectionsAlive);
            Assert.Empty(hold.Errors);
            while (gateway.LiveConnections > 0)
                await Task.Delay(20);
        }
        var clef = File.ReadAllLines(Path.Combine(logs, "gateway.clef"));
        Assert.Equal(clef.Count(l => l.Contains("\"init_ok\"")), clef.Count(l => l.Contains("\"do_terminate\"")));
    }

    [Fact]
    public async Task CorruptedAndLostFramesAreCounted()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => BadEchoAsync(listener, stop.Token));

        var result = await Load((IPEndPoint)listener.LocalEndPoint!, FramesMode.Echo, 1).RunAsync();
        await stop.CancelAsync();

        Assert.True(result.Errors.GetValueOrDefault("corrupted") > 0, string.Join(",", result.Errors));
        Assert.True(result.Errors.GetValueOrDefault("lost") > 0, string.Join(",", result.Errors));
    }

    private static FrameLoad Load(IPEndPoint target, FramesMode mode, int connections) =>
        new(target, mode, connections, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), 64, 4, null, _ => { });

    /// <summary>Echoes 4+64-byte frames, but flips a payload byte in every 7th and bumps the sequence
    /// number (as if a frame went missing) in every 11th.</summary>
    private static async Task BadEchoAsync(Socket listener, CancellationToken stop)
    {
        try
        {
            using var s = await listener.AcceptAsync(stop);
            var frame = new byte[68];
            for (var n = 1; ; n++)
            {
                await s.ReceiveExactlyAsync(frame, stop);
                if (n % 7 == 0)
                    frame[^1] ^= 0xFF;
                if (n % 11 == 0)
                    frame[11]++; // low byte of the big-endian sequence number
                await s.SendAsync(frame, SocketFlags.None, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or EndOfStreamException) { }
    }
}
