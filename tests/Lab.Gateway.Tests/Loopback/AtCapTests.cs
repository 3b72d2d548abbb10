using System.Diagnostics;
using System.Net.Sockets;
using Lab.Gateway.Connections;
using Lab.Gateway.Framing;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Loopback;

/// <summary>At the cap, <c>pause</c> stops accepting (ranch's way): the next client completes its
/// handshake in the kernel and waits in the accept queue, unlogged, until a place frees; then it is
/// served. <c>--backlog</c> is the listen() backlog the kernel reports.</summary>
public class AtCapTests
{
    [Fact]
    public async Task PauseLeavesTheExtraClientInTheKernelQueueUntilAPlaceFrees()
    {
        await using var gateway = await TestGateway.StartAsync(maxConnections: 2, atCap: AtCapMode.Pause);
        using var held1 = await RawClient.ConnectAsync(gateway.Frames);
        using var held2 = await RawClient.ConnectAsync(gateway.Frames);
        while (gateway.Host.LiveConnections < 2)
            await Task.Delay(10);

        using var waiting = await RawClient.ConnectAsync(gateway.Frames); // the kernel completes the handshake
        var wire = PacketWriter.Encode("queued"u8, 4);
        await waiting.SendAsync(wire);
        await Task.Delay(500);
        Assert.Equal(2, gateway.Host.LiveConnections);
        Assert.False(waiting.Socket.Poll(0, SelectMode.SelectRead), "a paused listener must neither answer nor close the waiting client");

        var held1Port = held1.LocalPort;
        held1.Dispose();
        Assert.Equal(wire, await waiting.ReadExactlyAsync(wire.Length)); // accepted once a place freed, then served

        waiting.Socket.Shutdown(SocketShutdown.Send);
        held2.Dispose();
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();
        Assert.Empty(logs.Named("refused"));
        var firstEnd = DateTimeOffset.Parse(logs.ForClient("do_terminate", held1Port).GetProperty("@t").GetString()!);
        var waitingInit = DateTimeOffset.Parse(logs.ForClient("init_ok", waiting.LocalPort).GetProperty("@t").GetString()!);
        Assert.True(waitingInit >= firstEnd.AddMilliseconds(-5), "the waiting client is accepted only after a connection ended");
    }

    [Fact]
    public async Task BacklogIsTheListenBacklogTheKernelReports()
    {
        await using var gateway = await TestGateway.StartAsync(backlog: 37);
        var info = new ProcessStartInfo("ss") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-Hltn", $"sport = :{gateway.Frames.Port}" })
            info.ArgumentList.Add(a);
        using var ss = Process.Start(info)!;
        var line = ss.StandardOutput.ReadToEnd().Trim();
        ss.WaitForExit();
        Assert.Equal("37", line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]); // Send-Q of a listener is its backlog
    }
}
