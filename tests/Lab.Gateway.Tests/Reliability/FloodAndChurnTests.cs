using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Lab.Framing;
using Lab.Gateway.Tests.Support;
using Lab.Testing;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>Misbehaving crowds: twice the cap at once, and ten thousand bogus-GET connections one after
/// another. Nothing may be left hanging, leaked or unlogged.</summary>
public class FloodAndChurnTests
{
    [Fact]
    public async Task FloodOfTwiceTheCapServesExactlyTheCapAndRefusesTheRestVisibly()
    {
        const int cap = 20;
        await using var gateway = await TestGateway.StartAsync(maxConnections: cap);
        var frame = PacketWriter.Encode("flood"u8, 4);
        var clients = await Task.WhenAll(Enumerable.Range(0, cap * 2).Select(_ => RawClient.ConnectAsync(gateway.Frames)));
        var outcomes = await Task.WhenAll(clients.Select(async c =>
        {
            await c.SendAsync(frame);
            var (bytes, ending) = await c.ReadUntilAsync(frame.Length, TimeSpan.FromSeconds(10));
            // A refused client's frame may already sit unread in the gateway's receive buffer when it closes,
            // and Linux then answers with RST instead of FIN: both are the refusal; only a timeout is a hang.
            return bytes.Length == frame.Length ? "served" : ending is SocketError.Success or SocketError.ConnectionReset ? "refused" : ending.ToString();
        }));

        Assert.Equal(cap, outcomes.Count(o => o == "served"));
        Assert.Equal(cap, outcomes.Count(o => o == "refused")); // none hanging: every client got its answer
        foreach (var c in clients)
            c.Dispose();
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();
        Assert.Equal(cap, logs.Named("refused").Count());
        Assert.Equal(cap * 2, logs.Named("init_ok").Count());
        Assert.Equal(cap * 2, logs.Named("do_terminate").Count());
    }

    [Fact]
    public async Task ChurnLeavesNoDescriptorBehindAndEveryConnectionHasBothLines()
    {
        var logs = TestGateway.ArtifactDirectory("churn");
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "off", "--logs", logs);
        var port = await gateway.WaitForFramesPortAsync();
        var target = new IPEndPoint(IPAddress.Loopback, port);

        await ChurnAsync(target, loops: 10, cycles: 20); // warm-up: the baseline is taken after it
        // once the warm-up's last closes are done (the count unchanged for a second, at most 10 s): a fixed wait on a
        // busy machine could take a baseline that still counts them.
        var baseline = gateway.OpenDescriptors();
        for (var (deadline, steadySince) = (DateTime.UtcNow.AddSeconds(10), DateTime.UtcNow); DateTime.UtcNow - steadySince < TimeSpan.FromSeconds(1) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            var now = gateway.OpenDescriptors();
            if (now != baseline)
                (baseline, steadySince) = (now, DateTime.UtcNow);
        }
        await ChurnAsync(target, loops: 20, cycles: 500);
        // The last closes are still being processed when the churn returns: read until back, for at most 10 s.
        var after = gateway.OpenDescriptors();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); after > baseline + 5 && DateTime.UtcNow < deadline; after = gateway.OpenDescriptors())
            await Task.Delay(100);

        Assert.InRange(after, baseline - 5, baseline + 5);
        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        var run = RunLogs.Read(logs);
        Assert.Equal(10_200, run.Named("init_ok").Count());
        Assert.Equal(10_200, run.Named("do_terminate").Count());
        // The default logging: a fixed set of files, whatever the number of connections.
        Assert.False(Directory.Exists(Path.Combine(logs, "conn")));
        Assert.Equal(["gateway.clef", "gateway.log", "ports.log"], Directory.GetFileSystemEntries(logs).Select(Path.GetFileName).Order());
    }

    /// <summary>Connect, bogus GET, wait for the gateway's close, close abortively (no TIME_WAIT pile-up).</summary>
    private static async Task ChurnAsync(IPEndPoint target, int loops, int cycles)
    {
        await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(async () =>
        {
            var sink = new byte[256];
            for (var i = 0; i < cycles; i++)
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(target);
                await s.SendAsync(BadHeads.BogusGet, SocketFlags.None);
                while (await s.ReceiveAsync(sink, SocketFlags.None) > 0) { }
                s.LingerState = new LingerOption(true, 0);
            }
        })));
    }
}
