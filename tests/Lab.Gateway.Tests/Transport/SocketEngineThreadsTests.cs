using System.Net;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Transport;

/// <summary>
/// <c>gateway serve</c> runs its connections on half the cores' worth of socket engine threads (at least one), as
/// the kernel lists them (<c>/proc/PID/task/*/comm</c>), and an engine count given in the environment wins.
/// </summary>
public class SocketEngineThreadsTests
{
    private const string EngineThreadName = ".NET Sockets";

    [Fact]
    public async Task ServeRunsHalfTheCoresAsEngineThreads()
    {
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "off", "--logs", TestGateway.ArtifactDirectory("engine-threads"));
        await EchoOnceAsync(await gateway.WaitForFramesPortAsync());

        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), EngineThreads(gateway.Process.Id));
    }

    [Fact]
    public async Task AnEngineCountInTheEnvironmentWins()
    {
        using var gateway = GatewayProcess.StartWithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "3",
            "serve", "--frames-port", "0", "--http-port", "off", "--logs", TestGateway.ArtifactDirectory("engine-threads-env"));
        await EchoOnceAsync(await gateway.WaitForFramesPortAsync());

        Assert.Equal(3, EngineThreads(gateway.Process.Id));
    }

    private static int EngineThreads(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").Count(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == EngineThreadName);

    /// <summary>One frame there and back: the engine has served a connection before its threads are counted.</summary>
    private static async Task EchoOnceAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var frame = PacketWriter.Encode("engine"u8, 4);
        await socket.SendAsync(frame, SocketFlags.None);
        var echo = new byte[frame.Length];
        var got = 0;
        while (got < echo.Length)
            got += await socket.ReceiveAsync(echo.AsMemory(got), SocketFlags.None) is > 0 and var n ? n : throw new IOException("the gateway closed the connection");
        Assert.Equal(frame, echo);
    }
}
