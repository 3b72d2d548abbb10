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
    ];

    [Fact]
    public async Task NoLogOrReportHoldsARawControlByteOrInvalidUtf8()
    {
        string dir;
        await using (var gateway = await TestGateway.StartAsync())
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
        AssertClean("analyze", Encoding.UTF8.GetBytes(text.Stdout.Replace("\u001b", ""))); // Spectre's own colours aside
        AssertClean("analyze --json", Encoding.UTF8.GetBytes(json.Stdout));
        Assert.Contains("\\x1B[31m\\r\\n\\0\\xFF\\xC3(", json.Stdout.Replace("\\\\", "\\"));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/../../../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/..%2f..%2f..%2fetc%2fpasswd")]
    public async Task HttpEndpointNeverServesFiles(string path)
    {
        await using var gateway = await TestGateway.StartAsync(test: "HttpNoFiles");
        using var http = new HttpClient();
        var response = await http.GetAsync($"http://{gateway.Http}{path}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("root:", body);
        if (response.IsSuccessStatusCode)
            Assert.StartsWith("{\"portId\":", body);
    }

    private static void AssertClean(string what, byte[] bytes, bool allowTabs = false)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var structural = b == (byte)'\n' || (allowTabs && b == (byte)'\t');
            Assert.False(b < 0x20 && !structural || b == 0x7F, $"{what}: raw control byte 0x{b:X2} at offset {i}");
        }
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); // throws on invalid UTF-8
    }
}
