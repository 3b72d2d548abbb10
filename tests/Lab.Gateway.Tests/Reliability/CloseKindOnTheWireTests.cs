using System.Net.Sockets;
using System.Text;
using Lab.Framing;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>What <c>do_terminate</c> says the gateway put on the wire (<c>closeKind</c>) is what tshark
/// reads off loopback: the server side's first FIN or RST of each connection, or neither when the peer
/// reset first. The endings here are the ones whose close is decided late: a write that waits on a peer
/// that stopped reading, shutdown's deadline, the peer's reset while its echo waits.</summary>
public class CloseKindOnTheWireTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FrameConnectionsEndedEveryWayAreLoggedAsTheWireShowsThem()
    {
        await using var gateway = await TestGateway.StartAsync(idleTimeout: TimeSpan.FromSeconds(4), frameTimeout: Long,
            sendTimeout: TimeSpan.FromSeconds(2), shutdownTimeout: TimeSpan.FromSeconds(20));
        using var capture = await LoopbackCapture.StartAsync(gateway.Frames.Port, gateway.LogsDirectory);
        var clients = new List<int>();
        var readers = new List<SlowReader>();
        try
        {
            // A peer that closes after its echo (fin), and one silent until the idle timeout (fin).
            using (var polite = await RawClient.ConnectAsync(gateway.Frames))
            {
                var frame = PacketWriter.Encode("bye"u8, 4);
                await polite.SendAsync(frame);
                await polite.ReadExactlyAsync(frame.Length);
                polite.Socket.Shutdown(SocketShutdown.Send);
                await polite.ReadToEndAsync();
                clients.Add(polite.LocalPort);
            }
            using var silent = await RawClient.ConnectAsync(gateway.Frames);
            clients.Add(silent.LocalPort);

            // Slow readers: two reset at the send timeout, one that resets first itself, two left for shutdown.
            for (var i = 0; i < 2; i++)
                readers.Add(await SlowReader.ConnectAsync(gateway.Frames));
            foreach (var r in readers)
                await r.WaitUntilStalledAsync();
            foreach (var r in readers)
                await r.WaitForEndAsync(TimeSpan.FromSeconds(10));
            await silent.ReadToEndAsync(TimeSpan.FromSeconds(8));

            await using (var resetting = await SlowReader.ConnectAsync(gateway.Frames))
            {
                await resetting.WaitUntilStalledAsync();
                clients.Add(resetting.LocalPort);
                resetting.Socket.LingerState = new LingerOption(true, 0);
                resetting.Socket.Close();
            }
            await gateway.WaitForNoConnectionsAsync();
            clients.AddRange(readers.Select(r => r.LocalPort));
            var run = await gateway.StopAndReadLogsAsync();

            var wire = await capture.StopAndReadServerClosesAsync();
            var logged = clients.ToDictionary(p => p, p => run.ForClient("do_terminate", p));
            Assert.Equal(["peer_closed", "idle_timeout", "io_error", "send_timeout", "send_timeout"],
                clients.Select(p => logged[p].GetProperty("reason").GetString()));
            Assert.Equal(clients.Select(p => wire.GetValueOrDefault(p, "none")), clients.Select(p => logged[p].GetProperty("closeKind").GetString()));
            Assert.Equal(["fin", "fin", "none", "rst", "rst"], clients.Select(p => wire.GetValueOrDefault(p, "none")));
        }
        finally
        {
            foreach (var r in readers)
                await r.DisposeAsync();
        }
    }

    [Fact]
    public async Task SlowReadersEndedByShutdownAreLoggedAsTheWireShowsThem()
    {
        // A gateway of their own whose send timeout (60 s) cannot come first: on a busy machine the two stall checks
        // and the stop once risked running past the 2 s the test above needs.
        await using var gateway = await TestGateway.StartAsync(idleTimeout: Long, frameTimeout: Long, sendTimeout: Long,
            shutdownTimeout: TimeSpan.FromSeconds(20));
        using var capture = await LoopbackCapture.StartAsync(gateway.Frames.Port, gateway.LogsDirectory);
        var atShutdown = new List<SlowReader>();
        try
        {
            for (var i = 0; i < 2; i++)
                atShutdown.Add(await SlowReader.ConnectAsync(gateway.Frames));
            // Stopped once they stall: shutdown is what ends them.
            var run = await StopWhenStalledAsync(gateway, atShutdown);

            var wire = await capture.StopAndReadServerClosesAsync();
            var clients = atShutdown.Select(r => r.LocalPort).ToList();
            var logged = clients.ToDictionary(p => p, p => run.ForClient("do_terminate", p));
            Assert.Equal(["shutdown", "shutdown"], clients.Select(p => logged[p].GetProperty("reason").GetString()));
            Assert.Equal(clients.Select(p => wire.GetValueOrDefault(p, "none")), clients.Select(p => logged[p].GetProperty("closeKind").GetString()));
            Assert.Equal(["rst", "rst"], clients.Select(p => wire.GetValueOrDefault(p, "none")));
        }
        finally
        {
            foreach (var r in atShutdown)
                await r.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnHttpRequestHalfSentWhenShutdownsDeadlineRunsOutIsLoggedAsTheWireShowsIt()
    {
        await using var gateway = await TestGateway.StartAsync(shutdownTimeout: TimeSpan.FromSeconds(1));
        using var capture = await LoopbackCapture.StartAsync(gateway.Http.Port, gateway.LogsDirectory);
        using var client = await RawClient.ConnectAsync(gateway.Http);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET /half HTTP/1.1\r\nHost: x\r\nX-Half: "));
        await gateway.WaitForLiveConnectionsAsync(1);
        await Task.Delay(200);

        var run = await gateway.StopAndReadLogsAsync();

        var wire = await capture.StopAndReadServerClosesAsync();
        var end = run.ForClient("do_terminate", client.LocalPort);
        Assert.Equal("shutdown", end.GetProperty("reason").GetString());
        Assert.Equal(wire.GetValueOrDefault(client.LocalPort, "none"), end.GetProperty("closeKind").GetString());
    }

    private static async Task<RunLogs> StopWhenStalledAsync(TestGateway gateway, IEnumerable<SlowReader> readers)
    {
        foreach (var r in readers)
            await r.WaitUntilStalledAsync(TimeSpan.FromMilliseconds(150));
        return await gateway.StopAndReadLogsAsync();
    }
}
