using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Lab.Framing;
using Lab.Logs.Analysis;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>Runs the scripted session once for all the analyzer tests.</summary>
public sealed class AnalyzeRunFixture : IAsyncLifetime
{
    // The analyzer's default window: wide enough that a cold gateway's first connection still joins the burst.
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    public string Dir { get; private set; } = "";
    public List<int> BurstPorts { get; } = [];
    public int SilentPort { get; private set; }
    public int LonePort { get; private set; }
    public int TlsPort { get; private set; }
    public int FramesPort { get; private set; }

    public async Task InitializeAsync()
    {
        await using var gateway = await TestGateway.StartAsync(test: "Analyze");
        Dir = gateway.LogsDirectory;
        for (var i = 0; i < 3; i++)
            BurstPorts.Add(await SendAsync(gateway.Frames, IPAddress.Loopback, BadHeads.BogusGet));
        using (var silent = await ConnectFromAsync(gateway.Frames, IPAddress.Loopback))
        {
            SilentPort = ((IPEndPoint)silent.LocalEndPoint!).Port;
            silent.Shutdown(SocketShutdown.Send);
            await silent.ReceiveAsync(new byte[1], SocketFlags.None);
        }
        TlsPort = await SendAsync(gateway.Frames, IPAddress.Parse("127.0.0.2"), BadHeads.TlsClientHello);
        FramesPort = await SendAsync(gateway.Frames, IPAddress.Parse("127.0.0.3"), PacketWriter.Encode("hello"u8, 4), expectEcho: true);
        using (var http = new HttpClient())
            await http.GetStringAsync($"http://{gateway.Http}/between");
        await Task.Delay(Window + TimeSpan.FromSeconds(1.5));
        LonePort = await SendAsync(gateway.Frames, IPAddress.Loopback, BadHeads.BogusGet);
        await gateway.WaitForNoConnectionsAsync();
        await gateway.Host.StopAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<Socket> ConnectFromAsync(IPEndPoint gateway, IPAddress from)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(gateway);
        return socket;
    }

    private static async Task<int> SendAsync(IPEndPoint gateway, IPAddress from, byte[] bytes, bool expectEcho = false)
    {
        using var socket = await ConnectFromAsync(gateway, from);
        await socket.SendAsync(bytes, SocketFlags.None);
        if (expectEcho)
        {
            var echo = new byte[bytes.Length];
            await socket.ReceiveAsync(echo, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        }
        var buffer = new byte[1024];
        while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0) { }
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
