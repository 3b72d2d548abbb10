using System.Net.Sockets;
using System.Text;
using Lab.Gateway.Tests.Support;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>Bytes a peer controls — CR/LF, ANSI escapes, NUL, invalid UTF-8 — must reach no log or report
/// raw; request paths must never reach the file system.</summary>
public class HostileInputTests
{
    private static readonly byte[][] Hostile =
    [
        [0x1B, (byte)'[', (byte)'3', (byte)'1', (byte)'m', (byte)'\r', (byte)'\n', 0x00, 0xFF, 0xC3, 0x28, (byte)'"', (byte)'\\', 0x07],
        Encoding.ASCII.GetBytes("GET /\u001b[2J\r\nX-Injected: 1\r\n\r\n"),
        [0xE2, 0x82, 0x28, 0xF0, 0x28, 0x8C, 0xBC, 0x0D, 0x0A, 0x0D, 0x0A, 0x7F, 0x08, 0x1B],
        // C1 controls as UTF-8: CSI (U+009B, a one-character ESC [ to some terminals) and OSC (U+009D).
        [(byte)'G', (byte)'E', (byte)'T', (byte)' ', 0xC2, 0x9B, (byte)'2', (byte)'J', 0xC2, 0x9D, (byte)'0', (byte)';', 0x07],
    ];

    [Fact]
    public async Task NoLogOrReportHoldsARawControlByteOrInvalidUtf8()
    {
        string dir;
        await using (var gateway = await TestGateway.StartAsync(connectionFiles: true))
        {
            dir = gateway.LogsDirectory;
            foreach (var bytes in Hostile)
            {
                using var c = await RawClient.ConnectAsync(gateway.Frames);
                await c.SendAsync(bytes);
                await c.ReadToEndAsync();
            }
            await gateway.WaitForNoConnectionsAsync();
        }
        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
            AssertClean(file, File.ReadAllBytes(file), allowTabs: Path.GetFileName(file) == "ports.log"); // its field separator

        var text = await CliRun.RunAsync("Gateway", "analyze", dir);
        var json = await CliRun.RunAsync("Gateway", "analyze", dir, "--json");
        var wide = await CliRun.RunAsync("Gateway", "analyze", dir, "--wide");
        // analyze read every hostile run through (an empty output would be "clean" too): exit 0, one row per connection.
        Assert.All([text, json, wide], r => Assert.True(r.ExitCode == 0, r.Stderr));
        using (var doc = System.Text.Json.JsonDocument.Parse(json.Stdout))
            Assert.Equal(Hostile.Length, doc.RootElement.GetProperty("connections").GetArrayLength());
        // Redirected, analyze writes no escape sequence of its own either: any ESC would be a leak.
        AssertClean("analyze", Encoding.UTF8.GetBytes(text.Stdout));
        AssertClean("analyze --wide", Encoding.UTF8.GetBytes(wide.Stdout));
        AssertClean("analyze --json", Encoding.UTF8.GetBytes(json.Stdout));
        Assert.Contains("\\x1B[31m\\r\\n\\0\\xFF\\xC3(", json.Stdout.Replace("\\\\", "\\"));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/../../../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/static/../../../../etc/passwd")]
    public async Task HttpEndpointNeverServesFiles(string path)
    {
        // The request line exactly as written, over a socket: HttpClient would normalise "/../" away before sending.
        await using var gateway = await TestGateway.StartAsync(test: "HttpNoFiles");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(gateway.Http);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), SocketFlags.None);
        var response = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int n; (n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0;)
            response.Write(buffer, 0, n);
        var text = Encoding.UTF8.GetString(response.ToArray());

        Assert.StartsWith("HTTP/1.1 200 OK", text);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.StartsWith("{\"portId\":", body); // the JSON reply, every time
        Assert.DoesNotContain("root:", body);
        using var reply = System.Text.Json.JsonDocument.Parse(body);
        // Kestrel removes dot segments before the endpoint sees the path: what it reports is the path it answered.
        Assert.StartsWith("/", reply.RootElement.GetProperty("path").GetString());
    }

    private static void AssertClean(string what, byte[] bytes, bool allowTabs = false)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var structural = b == (byte)'\n' || (allowTabs && b == (byte)'\t');
            Assert.False(b < 0x20 && !structural || b == 0x7F, $"{what}: raw control byte 0x{b:X2} at offset {i}");
        }
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); // throws on invalid UTF-8
        // C1 controls (U+0080–U+009F): CSI, OSC and the like reach a terminal as escapes too.
        var c1 = text.AsSpan().IndexOfAnyInRange('\u0080', '\u009F');
        Assert.False(c1 >= 0, c1 >= 0 ? $"{what}: raw C1 control U+{(int)text[c1]:X4} at character {c1}" : "");
    }
}
