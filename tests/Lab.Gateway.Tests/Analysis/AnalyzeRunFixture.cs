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
        // By hand rather than with HttpClient, so that its client port too is one no other connection of the run had.
        using (var http = await ConnectFromAsync(gateway.Http, IPAddress.Loopback))
        {
            // A keep-alive request whose connection the client then closes, as HttpClient's disposal does (peer_closed).
            await http.SendAsync("GET /between HTTP/1.1\r\nHost: lab\r\n\r\n"u8.ToArray(), SocketFlags.None);
            var response = new List<byte>();
            var buffer = new byte[4096];
            while (!WholeResponse(response) && await http.ReceiveAsync(buffer, SocketFlags.None) is > 0 and var n)
                response.AddRange(buffer.AsSpan(0, n));
            http.Shutdown(SocketShutdown.Send);
            while (await http.ReceiveAsync(buffer, SocketFlags.None) > 0) { }
        }
        await Task.Delay(Window + TimeSpan.FromSeconds(1.5));
        LonePort = await SendAsync(gateway.Frames, IPAddress.Loopback, BadHeads.BogusGet);
        await gateway.WaitForNoConnectionsAsync();
        await gateway.Host.StopAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // The tests find a connection by its client port: no two of the run's connections may share one, whatever their
    // address (127.0.0.2 and 127.0.0.3 have ports of their own, and a closed connection's port can come back).
    private readonly HashSet<int> _clientPorts = [];

    private async Task<Socket> ConnectFromAsync(IPEndPoint gateway, IPAddress from)
    {
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(from, 0));
            if (_clientPorts.Add(((IPEndPoint)socket.LocalEndPoint!).Port))
            {
                await socket.ConnectAsync(gateway);
                return socket;
            }
            socket.Dispose();
        }
    }

    /// <summary>Headers and as many body bytes as their Content-Length says.</summary>
    private static bool WholeResponse(List<byte> bytes)
    {
        var text = System.Text.Encoding.ASCII.GetString(bytes.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
            return false;
        var length = System.Text.RegularExpressions.Regex.Match(text[..end], @"(?im)^content-length:\s*(\d+)");
        return length.Success && text.Length - end - 4 >= int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> SendAsync(IPEndPoint gateway, IPAddress from, byte[] bytes, bool expectEcho = false)
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
