using System.Net;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Transport;

/// <summary>
/// <c>gateway serve</c> accepts, reads, writes and closes on one thread of its own, <c>gateway epoll</c>: over 20
/// echoed and 20 rejected connections its context switches grow, as the kernel counts them
/// (<c>/proc/PID/task/*/status</c>), while .NET's socket engine threads (<c>.NET Sockets</c>, which the runtime starts
/// with the first socket) never wake.
/// </summary>
public class ConnectionThreadsTests
{
    private const string EpollThread = "gateway epoll";
    private const string EngineThread = ".NET Sockets";

    [Fact]
    public async Task ServeRunsItsSocketsOnOneEpollThreadAndNeverWakesTheSocketEngine()
    {
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "off", "--logs", TestGateway.ArtifactDirectory("connection-threads"));
        var port = await gateway.WaitForFramesPortAsync();
        await EchoOnceAsync(port);
        var before = Switches(gateway.Process.Id);

        for (var i = 0; i < 20; i++)
        {
            await EchoOnceAsync(port);
            await RejectOnceAsync(port);
        }

        var after = Switches(gateway.Process.Id);
        Assert.Equal([EpollThread], after.Keys.Where(k => k.Name == EpollThread).Select(k => k.Name));
        Assert.All(after.Where(t => t.Key.Name == EngineThread), t => Assert.Equal(before.GetValueOrDefault(t.Key), t.Value));
        var epoll = after.Single(t => t.Key.Name == EpollThread);
        Assert.True(epoll.Value - before.GetValueOrDefault(epoll.Key) >= 20, $"{EpollThread} switched {epoll.Value - before.GetValueOrDefault(epoll.Key)} times");
    }

    /// <summary>Each thread's name and id, and its context switches so far (voluntary and not).</summary>
    private static Dictionary<(string Name, string Id), long> Switches(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").ToDictionary(
            task => (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'), Path.GetFileName(task)),
            task => File.ReadLines(Path.Combine(task, "status"))
                .Where(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || l.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                .Sum(l => long.Parse(l[(l.IndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>One frame there and back.</summary>
    private static async Task EchoOnceAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var frame = PacketWriter.Encode("threads"u8, 4);
        await socket.SendAsync(frame, SocketFlags.None);
        var echo = new byte[frame.Length];
        var got = 0;
        while (got < echo.Length)
            got += await socket.ReceiveAsync(echo.AsMemory(got), SocketFlags.None) is > 0 and var n ? n : throw new IOException("the gateway closed the connection");
        Assert.Equal(frame, echo);
    }

    /// <summary>A bogus head, and the gateway's close.</summary>
    private static async Task RejectOnceAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), SocketFlags.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await socket.ReceiveAsync(new byte[64], SocketFlags.None, timeout.Token));
    }
}
