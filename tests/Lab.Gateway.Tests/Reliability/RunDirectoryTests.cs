using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lab.Gateway.Logging;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>One run directory, one run: a directory that holds a run is refused unless --append; an appended
/// run numbers its port ids on, ends a line the killed run left cut and notes it, and opens with run_start,
/// which every reader uses to tell the runs apart; a start that fails leaves no empty run behind.</summary>
public class RunDirectoryTests
{
    private static readonly TimeSpan Exit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ADirectoryHoldingARunIsRefusedWithoutAppend()
    {
        var logs = TestGateway.ArtifactDirectory("run-dir-reused");
        await ServeAndRejectAsync(logs, 1);

        (await CliRun.RunAsync("Gateway", "serve", "--frames-port", "0", "--http-port", "off", "--logs", logs))
            .AssertUsageError("--append");
        Assert.Single(RunLogs.Read(logs).Named("run_start"));
    }

    [Fact]
    public async Task AnAppendedRunNumbersOnAndEveryReaderTellsTheRunsApart()
    {
        var logs = TestGateway.ArtifactDirectory("run-dir-append");
        var first = await ServeAndRejectAsync(logs, 3);
        var second = await ServeAndRejectAsync(logs, 3, "--append");

        var run = RunLogs.Read(logs);
        var ids = run.Named("init_ok").Select(e => e.GetProperty("portId").GetInt64()).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        var firstIds = first.Select(run.PortIdOf).ToList();
        var secondIds = second.Select(run.PortIdOf).ToList();
        Assert.True(secondIds.Min() > firstIds.Max(), $"the second run's ids {string.Join(",", secondIds)} must follow the first's {string.Join(",", firstIds)}");
        var starts = run.Named("run_start").ToList();
        Assert.Equal(2, starts.Count);
        Assert.Equal([false, true], starts.Select(s => s.GetProperty("append").GetBoolean()));
        Assert.NotEqual(starts[0].GetProperty("runId").GetString(), starts[1].GetProperty("runId").GetString());
        // Each log's first line of each run is its run_start.
        Assert.Equal(2, File.ReadLines(Path.Combine(logs, "gateway.log")).Count(l => l.Contains("] run_start runId=")));
        Assert.Equal(2, run.Journal.Count(l => l.StartsWith("# run_start runId=", StringComparison.Ordinal)));

        var json = await CliRun.RunAsync("Gateway", "analyze", logs, "--json");
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            var summary = doc.RootElement.GetProperty("summary");
            Assert.Equal(6, summary.GetProperty("connections").GetInt32());
            Assert.Equal(2, summary.GetProperty("runs").GetArrayLength());
        }
        var text = await CliRun.RunAsync("Gateway", "analyze", logs);
        Assert.Contains("runs (2 in this directory", text.Stdout);
        // One id is one connection in the whole directory.
        var conn = await CliRun.RunAsync("Gateway", "conn", logs, firstIds[0].ToString());
        Assert.Equal(0, conn.ExitCode);
        Assert.Single(conn.Stdout.Split('\n'), l => l.Contains("] init ok "));
    }

    [Fact]
    public async Task AnAppendedRunEndsTheLinesAKilledRunLeftCutAndTheReadersMarkThem()
    {
        // What SIGKILL mid-write leaves, made exact: each log ends in the middle of a do_terminate line.
        var logs = TestGateway.ArtifactDirectory("run-dir-cut");
        var first = await ServeAndRejectAsync(logs, 3);
        var clef = Path.Combine(logs, "gateway.clef");
        var text = Path.Combine(logs, "gateway.log");
        CutInTheMiddleOfTheLast(clef, "\"do_terminate\"", 5);
        CutInTheMiddleOfTheLast(text, "] do_terminate ", 30); // the port id and the peer stay, the rest is gone
        CutInTheMiddleOfTheLast(Path.Combine(logs, "ports.log"), "#Port<0.", 5);
        var cutId = long.Parse(Regex.Match(File.ReadLines(text).Last(), @"#Port<0\.(\d+)>").Groups[1].Value);

        await ServeAndRejectAsync(logs, 1, "--append");

        // Every gateway.clef line but the cut one is JSON, and the new run's first event reads.
        var lines = File.ReadLines(clef).Where(l => l.Length > 0).ToList();
        var invalid = lines.Where(l => !IsJson(l)).ToList();
        Assert.Single(invalid);
        var afterCut = lines[lines.IndexOf(invalid[0]) + 1];
        Assert.Contains("\"Name\":\"run_start\"", afterCut);
        var notes = File.ReadLines(text).Where(l => l.Contains("] log_cut file=")).ToList();
        Assert.Equal(["gateway.log", "gateway.clef", "ports.log"], notes.Select(l => Regex.Match(l, @"log_cut file=(\S+)").Groups[1].Value));
        Assert.Contains("# log_cut file=ports.log", File.ReadLines(Path.Combine(logs, "ports.log")));

        var analyze = await CliRun.RunAsync("Gateway", "analyze", logs);
        Assert.Equal(0, analyze.ExitCode);
        // The cut lines of gateway.clef and ports.log, which analyze reads.
        Assert.Contains("2 unreadable line(s) skipped (2 cut by a gateway that stopped mid-line", analyze.Stdout);
        var json = await CliRun.RunAsync("Gateway", "analyze", logs, "--json");
        using (var doc = JsonDocument.Parse(json.Stdout))
            Assert.Equal(2, doc.RootElement.GetProperty("summary").GetProperty("cutLines").GetInt32());
        var conn = await CliRun.RunAsync("Gateway", "conn", logs, cutId.ToString());
        Assert.Equal(0, conn.ExitCode);
        Assert.Contains("] do_terminate ", Assert.Single(conn.Stdout.Split('\n'), l => l.EndsWith("[cut: the gateway stopped mid-line; log_cut]")));
    }

    [Fact]
    public async Task AGatewayKilledMidFloodLeavesADirectoryTheNextRunAppendsToCleanly()
    {
        var logs = TestGateway.ArtifactDirectory("run-dir-sigkill");
        using (var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "off", "--logs", logs))
        {
            var target = new IPEndPoint(IPAddress.Loopback, await gateway.WaitForFramesPortAsync());
            using var stop = new CancellationTokenSource();
            var flood = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var client = await RawClient.ConnectAsync(target);
                        await client.SendAsync(BadHeads.BogusGet);
                        await client.ReadToEndAsync(TimeSpan.FromSeconds(1));
                    }
                    catch (SocketException)
                    {
                        return; // killed
                    }
                }
            });
            await Task.Delay(1500);
            gateway.Signal(9);
            await gateway.WaitForExitAsync(Exit);
            stop.Cancel();
            await flood;
        }
        var before = RunDirectory.LastPortId(logs);

        var second = await ServeAndRejectAsync(logs, 2, "--append");

        var lines = File.ReadLines(Path.Combine(logs, "gateway.clef")).Where(l => l.Length > 0).ToList();
        Assert.True(lines.Count(l => !IsJson(l)) <= 1, "more than the one line a kill can cut is damaged");
        // The second run's connections (a client port may recur across thousands of connections: by run, not by port).
        var events = RunLogs.ReadLenient(logs).Events;
        var secondRun = events.Skip(events.ToList().FindLastIndex(e => e.GetProperty("EventId").GetProperty("Name").GetString() == "run_start"))
            .Where(e => e.GetProperty("EventId").GetProperty("Name").GetString() == "init_ok").Select(e => e.GetProperty("portId").GetInt64()).ToList();
        Assert.Equal(second.Count, secondRun.Count);
        Assert.All(secondRun, id => Assert.True(id > before, $"#Port<0.{id}> of the second run is not past the first run's last, {before}"));
        var analyze = await CliRun.RunAsync("Gateway", "analyze", logs);
        Assert.Equal(0, analyze.ExitCode);
        Assert.Contains("runs (2 in this directory", analyze.Stdout);
    }

    [Fact]
    public async Task AStartThatFailsLeavesNoRunDirectoryAndMarksAnAppendedOne()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString();

        var fresh = TestGateway.ArtifactDirectory("run-dir-failed-start");
        (await CliRun.RunAsync("Gateway", "serve", "--frames-port", port, "--http-port", "off", "--logs", fresh))
            .AssertUsageError("address already in use");
        Assert.False(Directory.Exists(fresh), $"{fresh} was left behind by a start that failed");

        var existing = TestGateway.ArtifactDirectory("run-dir-failed-append");
        await ServeAndRejectAsync(existing, 1);
        (await CliRun.RunAsync("Gateway", "serve", "--frames-port", port, "--http-port", "off", "--logs", existing, "--append"))
            .AssertUsageError("address already in use");
        var analyze = await CliRun.RunAsync("Gateway", "analyze", existing);
        Assert.Equal(0, analyze.ExitCode);
        Assert.Contains("this gateway never started (address already in use)", FoldedText.Unfold(analyze.Stdout));
    }

    [Fact]
    public void TwoStartsInOneSecondGetTwoDefaultDirectories()
    {
        var parent = Directory.CreateTempSubdirectory("lab-default-logs-").FullName;
        var first = RunDirectory.DefaultPath(parent);
        Directory.CreateDirectory(first);
        var second = RunDirectory.DefaultPath(parent);
        Assert.NotEqual(first, second);
        Assert.False(Directory.Exists(second));
    }

    /// <summary>A serve process on its own port, <paramref name="connections"/> bogus GETs, SIGTERM; the clients' ports.</summary>
    private static async Task<List<int>> ServeAndRejectAsync(string logs, int connections, params string[] more)
    {
        using var gateway = GatewayProcess.Start(["serve", "--frames-port", "0", "--http-port", "off", "--logs", logs, .. more]);
        var target = new IPEndPoint(IPAddress.Loopback, await gateway.WaitForFramesPortAsync());
        var ports = new List<int>();
        for (var i = 0; i < connections; i++)
        {
            using var client = await RawClient.ConnectAsync(target);
            ports.Add(client.LocalPort);
            await client.SendAsync(BadHeads.BogusGet);
            await client.ReadToEndAsync();
        }
        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(Exit));
        return ports;
    }

    private static void CutInTheMiddleOfTheLast(string path, string marker, int keep)
    {
        var text = File.ReadAllText(path);
        var at = text.LastIndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no {marker} in {path}");
        File.WriteAllText(path, text[..(at + marker.Length + keep)]);
    }

    private static bool IsJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
