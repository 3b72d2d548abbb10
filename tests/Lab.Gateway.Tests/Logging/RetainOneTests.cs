using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Lab.Gateway.Logging;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Lab.TestSupport;
using Lab.Logs;

namespace Lab.Gateway.Tests.Logging;

/// <summary><c>--log-retain 1</c> keeps only the file being written, so every rolled file is deleted as it rolls
/// and none is left to count or number from: the run directory must still say what is gone (analyze's note),
/// and a gateway restarted on it must not reuse a number.</summary>
public class RetainOneTests
{
    private const int Connections = 200;
    private static readonly string[] RetainOne = ["--log-max-size", "4KB", "--log-retain", "1"];

    [Fact]
    public async Task AnalyzeSaysWhatRetentionDeletedAndARestartedGatewayNumbersOn()
    {
        var logs = TestGateway.ArtifactDirectory("log-retain-one");
        var clef = Path.Combine(logs, "gateway.clef");
        var text = Path.Combine(logs, "gateway.log");
        var ports = Path.Combine(logs, "ports.log");
        await ServeAndRejectAsync(logs);

        // One file per log, no rolled one left.
        Assert.Equal(["gateway.clef", "gateway.log", "ports.log"], Directory.GetFileSystemEntries(logs).Select(Path.GetFileName).Order());
        var clefDeleted = RolledLogSet.DeletedBefore(clef);
        var textDeleted = RolledLogSet.DeletedBefore(text);
        Assert.True(clefDeleted > 1, $"gateway.clef: {clefDeleted} deleted file(s) known");
        Assert.True(textDeleted > 1, $"gateway.log: {textDeleted} deleted file(s) known");
        var portsDeleted = RolledLogSet.DeletedBefore(ports);
        Assert.True(portsDeleted > 1, $"ports.log: {portsDeleted} deleted file(s) known");
        // What they are known from: gateway.clef opens with its own log_retention event, naming the newest.
        var opening = File.ReadLines(clef).First();
        Assert.Contains("\"Name\":\"log_retention\"", opening);
        Assert.Contains($"\"deleted\":\"gateway-{clefDeleted:D6}.clef\"", opening);

        var analyze = await CliRun.RunAsync("Gateway", "analyze", logs);
        Assert.Equal(0, analyze.ExitCode);
        Assert.Contains($"note: retention deleted the first {clefDeleted} rolled file(s)", analyze.Stdout);
        Assert.DoesNotContain("unreadable line", analyze.Stdout); // gateway.clef's own note is an event without a port, not damage
        // Every connection was accepted (the gateway's own totals line, in the file being written) though the logs keep only
        // the last file: analyze counts exactly the init ok lines that file holds (0 accepted must not pass).
        var totals = File.ReadLines(clef).Single(l => l.Contains("\"Name\":\"totals\"", StringComparison.Ordinal));
        Assert.Contains($"\"accepted\":{Connections},", totals);
        var analyzed = int.Parse(Regex.Match(analyze.Stdout, @"summary: (\d+) frame connections").Groups[1].Value);
        Assert.Equal(File.ReadLines(clef).Count(l => l.Contains("\"Name\":\"init_ok\"", StringComparison.Ordinal)), analyzed);
        Assert.InRange(analyzed, 0, Connections - 1);

        // The same directory again (--append): the second gateway rolls into numbers past the first one's.
        await ServeAndRejectAsync(logs, "--append");
        Assert.True(RolledLogSet.DeletedBefore(clef) > clefDeleted, $"gateway.clef: {RolledLogSet.DeletedBefore(clef)} after {clefDeleted}");
        Assert.True(RolledLogSet.DeletedBefore(text) > textDeleted, $"gateway.log: {RolledLogSet.DeletedBefore(text)} after {textDeleted}");
        Assert.True(RolledLogSet.DeletedBefore(ports) > portsDeleted, $"ports.log: {RolledLogSet.DeletedBefore(ports)} after {portsDeleted}");
        // gateway.log rolled many times in the second run, so every note left in it is the second run's.
        var named = File.ReadLines(text).Select(l => Regex.Match(l, @"\] log_retention deleted=gateway-(\d{6})\.(log|clef) ")).Where(m => m.Success).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, m => Assert.True(long.Parse(m.Groups[1].Value) > (m.Groups[2].Value == "log" ? textDeleted : clefDeleted), $"reused: {m.Value}"));
    }

    /// <summary>A serve process retaining one file per log, <see cref="Connections"/> bogus GETs one after another, then SIGTERM.</summary>
    private static async Task ServeAndRejectAsync(string logs, params string[] more)
    {
        using var gateway = GatewayProcess.Start(["serve", "--frames-port", "0", "--http-port", "off", "--logs", logs, .. RetainOne, .. more]);
        var target = new IPEndPoint(IPAddress.Loopback, await gateway.WaitForFramesPortAsync());
        var sink = new byte[256];
        for (var i = 0; i < Connections; i++)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await s.ConnectAsync(target);
            await s.SendAsync(BadHeads.BogusGet, SocketFlags.None);
            while (await s.ReceiveAsync(sink, SocketFlags.None) > 0) { }
            s.LingerState = new LingerOption(true, 0);
        }
        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }
}
