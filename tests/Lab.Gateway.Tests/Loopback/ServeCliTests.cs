using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Lab.Gateway.Tests.Support;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Loopback;

/// <summary><c>gateway serve</c> as a user runs it: bad input is one line and exit 2, the listening
/// line names the real ports, and SIGTERM closes every connection with both log lines on disk.</summary>
public class ServeCliTests
{
    [Theory]
    [InlineData("--policy", "drop", "error: --policy: 'drop' is not one of fin, rst, http400, hold (see --help)")]
    [InlineData("--packet", "3")]
    [InlineData("--max-packet", "-5")]
    [InlineData("--max-connections", "-1")]
    [InlineData("--frames-port", "70000")]
    [InlineData("--frames-port", "abc", "error: --frames-port: 'abc' is not a whole number (see --help)")]
    [InlineData("--http-port", "x")]
    [InlineData("--idle-timeout", "5 minutes")]
    [InlineData("--idle-timeout", "30", "error: --idle-timeout: '30' has no unit; write 30s (or 30ms, 30m) (see --help)")]
    [InlineData("--frame-timeout", "-1s", "error: --frame-timeout: '-1s' is not a duration; write e.g. 500ms, 2s or 5m (at most 24h) (see --help)")]
    [InlineData("--bind", "not-an-ip")]
    [InlineData("--log-level", "loud", "error: --log-level: 'loud' is not one of info, debug (see --help)")]
    [InlineData("--keepalive", "120s,1s")]
    [InlineData("--keepalive", "soon,1s,3")]
    [InlineData("--at-cap", "queue", "error: --at-cap: 'queue' is not one of refuse, pause (see --help)")]
    [InlineData("--backlog", "0")]
    [InlineData("--shutdown-timeout", "off", "error: --shutdown-timeout: off is not allowed here; give a duration, up to 24h (see --help)")]
    [InlineData("--log-max-size", "1KB")]
    [InlineData("--log-max-size", "lots")]
    [InlineData("--log-retain", "-1")]
    public async Task BadOptionIsOneLineAndExitCode2(string option, string value, string? says = null)
    {
        var result = await CliRun.RunAsync("Gateway", "serve", "--frames-port", "0", "--http-port", "off", option, value,
            "--logs", TestGateway.ArtifactDirectory("bad-option"));

        result.AssertUsageError(mentions: says ?? option);
    }

    [Fact]
    public async Task PortInUseIsOneLineAndExitCode2()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var result = await CliRun.RunAsync("Gateway", "serve", "--frames-port", port.ToString(), "--http-port", "off",
            "--logs", TestGateway.ArtifactDirectory("port-in-use"));

        result.AssertUsageError(mentions: "address already in use");
    }

    [Fact]
    public async Task SigtermClosesEveryConnectionWithBothLinesAndExitsZero()
    {
        var logs = TestGateway.ArtifactDirectory("sigterm");
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "0", "--logs", logs, "--conn-files");
        var line = await gateway.WaitForListeningAsync();
        var match = Regex.Match(line, @"^listening frames=(?<f>\S+) http=(?<h>\S+) logs=(?<l>\S+)$");
        Assert.True(match.Success, line);
        Assert.Equal(Path.GetFullPath(logs), match.Groups["l"].Value);
        var frames = IPEndPoint.Parse(match.Groups["f"].Value);
        Assert.NotEqual(0, frames.Port);

        // Idle, mid-frame and echoing connections, plus an HTTP keep-alive connection.
        var clients = new List<RawClient>();
        for (var i = 0; i < 3; i++)
            clients.Add(await RawClient.ConnectAsync(frames));
        await clients[1].SendAsync([0, 0, 0, 10, 1, 2]);
        await clients[2].SendAsync([0, 0, 0, 1, 42]);
        await clients[2].ReadExactlyAsync(5);
        using var http = new HttpClient();
        await http.GetStringAsync($"http://{match.Groups["h"].Value}/keepalive");
        await Task.Delay(200);

        gateway.Signal(GatewayProcess.SigTerm);
        var code = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, code);
        foreach (var client in clients)
        {
            Assert.Equal(SocketError.Success, (await client.ReadToEndAsync(TimeSpan.FromSeconds(5))).Ending);
            client.Dispose();
        }
        var run = RunLogs.Read(logs);
        var inits = run.Named("init_ok").Select(e => e.GetProperty("portId").GetInt64()).Order().ToArray();
        var ends = run.Named("do_terminate").Select(e => e.GetProperty("portId").GetInt64()).Order().ToArray();
        Assert.Equal(4, inits.Length);
        Assert.Equal(inits, ends);
        Assert.All(run.Named("do_terminate"), e => Assert.Equal("shutdown", e.GetProperty("reason").GetString()));
        Assert.All(inits, id => Assert.Contains("do_terminate", run.ConnectionFile(id)));
        Assert.Equal(4, run.Text.Split('\n').Count(l => l.Contains("do_terminate")));
    }
}
