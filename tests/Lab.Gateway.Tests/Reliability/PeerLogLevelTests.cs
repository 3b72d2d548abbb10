using System.Net;
using System.Net.Sockets;
using System.Text;
using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Tests.Support;
using Lab.Testing;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>A client's garbage is the lab's subject, not a fault: nothing a peer sends, to either port and
/// under every reject policy, raises a line above Warning in gateway.clef or gateway.log (Kestrel's own
/// lines included, which reach the logs from Error up).</summary>
public class PeerLogLevelTests
{
    private static readonly byte[][] FrameInputs =
    [
        BadHeads.BogusGet,
        BadHeads.TlsClientHello,
        BadHeads.Http2Preface,
        Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2\r\n"),
        [0xFF, 0xFF, 0xFF, 0xFF, 0x00], // the largest length a header can declare
        [0x00, 0x00, 0x00, 0x0A, 0x01, 0x02], // a frame cut short
        [0x1B, (byte)'[', (byte)'2', (byte)'J', 0x00, 0xC3, 0x28, (byte)'\r', (byte)'\n'],
    ];

    // Every method a client may send, standard or not, each with a path and an authority target.
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PROPFIND", "BREW"];

    private static readonly string[] HttpInputs =
    [
        .. Methods.Select(m => $"{m} / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        .. Methods.Select(m => $"{m} example.org:443 HTTP/1.1\r\nHost: example.org:443\r\nConnection: close\r\n\r\n"),
        "GARBAGE\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 64 * 1024) + "\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "GET /\u001b[31m HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    ];

    [Theory]
    [InlineData(RejectPolicy.Fin)]
    [InlineData(RejectPolicy.Rst)]
    [InlineData(RejectPolicy.Http400)]
    [InlineData(RejectPolicy.Hold)]
    public async Task NothingAPeerSendsLogsAboveWarning(RejectPolicy policy)
    {
        await using var gateway = await TestGateway.StartAsync(policy, idleTimeout: TimeSpan.FromMilliseconds(500),
            frameTimeout: TimeSpan.FromMilliseconds(500), test: $"peer-levels-{policy}");
        foreach (var input in FrameInputs)
        {
            await SendAndReadAsync(gateway.Frames, input, reset: false);
            await SendAndReadAsync(gateway.Frames, input, reset: true);
        }
        foreach (var input in HttpInputs)
        {
            await SendAndReadAsync(gateway.Http, Encoding.UTF8.GetBytes(input), reset: false);
            await SendAndReadAsync(gateway.Http, Encoding.UTF8.GetBytes(input), reset: true);
        }
        await gateway.WaitForNoConnectionsAsync(TimeSpan.FromSeconds(20));
        var logs = await gateway.StopAndReadLogsAsync();

        Assert.NotEmpty(logs.Named("head_error"));
        foreach (var e in logs.Events)
        {
            var level = e.TryGetProperty("@l", out var l) ? l.GetString() : "Information";
            Assert.True(level is "Debug" or "Information" or "Warning", $"{level} in gateway.clef: {e}; logs in {logs.Directory}");
        }
        foreach (var line in logs.Text.Split('\n').Where(l => l.Length > 0))
            Assert.True(line.Contains(" [INF] ") || line.Contains(" [WRN] ") || line.Contains(" [DBG] "), $"gateway.log: {line}; logs in {logs.Directory}");
    }

    [Fact]
    public async Task ConnectIsAnswered405AndLoggedAsARequest()
    {
        // Kestrel throws (a 500 and an Error with a stack trace) if a 2xx answer to CONNECT carries a length.
        await using var gateway = await TestGateway.StartAsync();
        using var client = await RawClient.ConnectAsync(gateway.Http);
        await client.SendAsync(Encoding.ASCII.GetBytes("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\nConnection: close\r\n\r\n"));
        var answer = Encoding.ASCII.GetString((await client.ReadToEndAsync()).Bytes);
        await gateway.WaitForNoConnectionsAsync();
        var logs = await gateway.StopAndReadLogsAsync();

        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", answer);
        Assert.Contains("\r\nAllow: GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, PATCH\r\n", answer);
        Assert.Contains("not a proxy", answer);
        Assert.Equal("CONNECT", Assert.Single(logs.Named("http_request")).GetProperty("method").GetString());
    }

    /// <summary>Sends, then either reads to the end (the gateway closes) or resets at once, mid-exchange.</summary>
    private static async Task SendAndReadAsync(IPEndPoint endpoint, byte[] bytes, bool reset)
    {
        using var client = await RawClient.ConnectAsync(endpoint);
        try
        {
            await client.SendAsync(bytes);
        }
        catch (SocketException)
        {
            // The gateway may have closed first (rst): what was sent is what counts.
        }
        if (reset)
        {
            client.Socket.LingerState = new LingerOption(true, 0);
            return;
        }
        await client.ReadToEndAsync(TimeSpan.FromSeconds(5));
    }
}
