using System.Net;
using System.Text.RegularExpressions;
using Lab.TestSupport;
using System.Diagnostics;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Connections;
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
        await gateway.WaitForLiveConnectionsAsync(2);

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
    public async Task KeepAliveTimerRunsOnAcceptedSockets()
    {
        await using var gateway = await TestGateway.StartAsync(keepAlive: new KeepAliveOptions(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1), 2));
        var sinceConnect = System.Diagnostics.Stopwatch.StartNew(); // the timer cannot have run longer than this
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        await gateway.WaitForLiveConnectionsAsync(1);
        // ss -o shows a socket's timer once SO_KEEPALIVE is on: "timer:(keepalive,6.9sec,0)" (this
        // iproute2 prints "6.696ms" for 6.7 s); without it, an idle socket shows no timer at all.
        // The connection is registered (outermost middleware) a moment before the keepalive middleware sets
        // SO_KEEPALIVE: read ss until the timer shows, for at most 2 s.
        var line = Ss("-Htno", $"sport = :{gateway.Frames.Port}");
        for (var deadline = DateTime.UtcNow.AddSeconds(2); !line.Contains("timer:(keepalive", StringComparison.Ordinal) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
            line = Ss("-Htno", $"sport = :{gateway.Frames.Port}");
        }
        Assert.Contains($":{client.LocalPort}", line);
        // The timer counts down from the configured idle time (7 s), by at most the time since the connect (half a
        // second more for ss's rounding): any timer would not do (one of 1 s, the interval taken for the idle time, must
        // fail, which a reading more than 5 s after the connect could no longer tell).
        var elapsed = sinceConnect.Elapsed.TotalSeconds;
        Assert.True(elapsed < 5, $"ss read {elapsed:0.0} s after the connect: too late to tell the idle time from the interval");
        var timer = System.Text.RegularExpressions.Regex.Match(line, @"timer:\(keepalive,([0-9.]+)(ms|sec|s|min),0\)");
        Assert.True(timer.Success, line);
        var value = double.Parse(timer.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // This iproute2 prints a timer of whole seconds as "6.696ms" (6.7 s) but one under a second as "948ms".
        var seconds = timer.Groups[2].Value switch { "min" => value * 60, "ms" when value >= 100 => value / 1000, _ => value };
        Assert.InRange(seconds, 7.0 - elapsed - 0.5, 7.0);
    }

    [Fact]
    public async Task KeepAliveGivenOnTheCommandLineIsTheIdleTimeTheKernelRuns()
    {
        // Through serve's own parsing: 120 s of idle before the first probe. ss prints a timer of a minute or
        // more as "1min58sec" (under a minute this iproute2 prints seconds as "ms").
        var logs = TestGateway.ArtifactDirectory("keepalive-cli");
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "off", "--keepalive", "120s,1s,10", "--logs", logs);
        var port = await gateway.WaitForFramesPortAsync();
        using var client = await RawClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var line = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(3); !line.Contains("timer:(keepalive", StringComparison.Ordinal) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
            line = Ss("-Htno", $"sport = :{port}");
        }
        var timer = Regex.Match(line, @"timer:\(keepalive,(\d+)min(\d+)sec,0\)");
        Assert.True(timer.Success, $"no keepalive timer of minutes in: {line}");
        var seconds = int.Parse(timer.Groups[1].Value) * 60 + int.Parse(timer.Groups[2].Value);
        Assert.InRange(seconds, 110, 120); // counting down from the idle time set, not the kernel's default 7200 s
        Assert.Contains($":{client.LocalPort}", line);
    }

    [Fact]
    public async Task BacklogIsTheListenBacklogTheKernelReports()
    {
        await using var gateway = await TestGateway.StartAsync(backlog: 37);
        var line = Ss("-Hltn", $"sport = :{gateway.Frames.Port}");
        Assert.Equal("37", line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]); // Send-Q of a listener is its backlog
    }

    private static string Ss(params string[] args) => Command.Output("ss", args).Trim();
}
