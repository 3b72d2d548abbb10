using System.Net;
using System.Net.Sockets;
using Lab.Bench;
using Lab.TestSupport;

namespace Lab.Bench.Tests;

/// <summary><c>bench cluster-check</c>: a Locust run made by hand with the commands docs/performance.md gives for
/// client machines, joined with the gateway's run directory; and what it refuses.</summary>
public sealed class ClusterCheckTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly BenchPaths _paths = BenchPaths.Discover();
    private readonly string _scratch = Directory.CreateTempSubdirectory("lab-cluster-check-").FullName;
    private readonly Xunit.Abstractions.ITestOutputHelper _output = output;

    [Fact]
    public async Task ARunMadeByHandWithTheDocumentedCommandsIsJoinedWithTheGatewaysCounts()
    {
        // What docs/performance.md tells a user with client machines to run, here on one: Locust's own master and
        // worker commands with the lab's locustfile, against a gateway they started; then cluster-check joins the two.
        var logs = Path.Combine(_scratch, "by-hand-gateway");
        var csv = Path.Combine(Directory.CreateDirectory(Path.Combine(_scratch, "by-hand-locust")).FullName, "run");
        var masterPort = Lab.Bench.Cluster.MasterPort.FreeOnLoopback();
        await using (var gateway = await ServerProcess.StartGatewayAsync(_paths, logs, "--idle-timeout", "off", "--frame-timeout", "off", "--log-retain", "0"))
        {
            var locustfile = Path.Combine(_paths.Root, "bench", "Cluster", "locustfile.py");
            using var master = StartLocust("-f", locustfile, "--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", $"{masterPort}",
                "--headless", "--expect-workers", "1", "-u", "5", "-r", "5", "-t", "60s", "--host", $"127.0.0.1:{gateway.Port}",
                "--work-seconds", "2", "--csv", csv, "EchoUser");
            using var worker = StartLocust("-f", locustfile, "--worker", "--master-host", "127.0.0.1", "--master-port", $"{masterPort}");
            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
                await master.WaitForExitAsync(limit.Token);
            await worker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            await gateway.StopAsync();
        }

        var joined = await CliRun.RunAsync("LabBench", "cluster-check", "--locust-csv", csv, "--gateway-logs", logs, "--workload", "echo");
        _output.WriteLine(joined.Stdout);
        Assert.Equal(0, joined.ExitCode);
        Assert.Contains("connections = init ok / do_terminate pairs: 5 = 5", joined.Stdout);
        Assert.Matches(@"echoes = frames \(do_terminate\): [1-9][\d,]* = [1-9][\d,]*", joined.Stdout);
        Assert.EndsWith("all equal", joined.Stdout.TrimEnd());

        // --json: the same join as one object, its counts equal to what the test reads itself from the gateway's
        // log and from Locust's own stats file.
        var json = await CliRun.RunAsync("LabBench", "cluster-check", "--locust-csv", csv, "--gateway-logs", logs, "--json");
        Assert.Equal(0, json.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        var r = doc.RootElement;
        Assert.True(r.GetProperty("countsAgree").GetBoolean());
        var initOk = File.ReadLines(Path.Combine(logs, "gateway.clef")).Count(l => l.Contains("\"Name\":\"init_ok\"", StringComparison.Ordinal));
        Assert.Equal(initOk, r.GetProperty("gateway").GetProperty("initOk").GetInt64());
        var connectRow = File.ReadLines(csv + "_stats.csv").Single(l => l.StartsWith("connect,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(long.Parse(connectRow[2]) - long.Parse(connectRow[3]), r.GetProperty("engineCounts").GetProperty("connections").GetInt64());
        Assert.Equal(5, initOk);

        // Echoes, read here from both sides: Locust's checked echoes (its "echo" rows, successes) and the frames the
        // gateway's do_terminate lines add up to. They agree, and the join prints and reports those two numbers.
        var frames = File.ReadLines(Path.Combine(logs, "gateway.clef")).Sum(FramesIn);
        var echoes = File.ReadLines(csv + "_stats.csv").Select(l => l.Split(',')).Where(f => f[0] == "echo").Sum(f => long.Parse(f[2]) - long.Parse(f[3]));
        Assert.True(echoes > 0, "Locust counted no echo");
        Assert.Equal(echoes, frames);
        Assert.Contains($"echoes = frames (do_terminate): {N(echoes)} = {N(frames)}\n", joined.Stdout);
        Assert.Equal((echoes, frames), (r.GetProperty("engineCounts").GetProperty("operations").GetInt64(), r.GetProperty("gateway").GetProperty("frames").GetInt64()));

        // The same run with one connection missing from the gateway's log: the join says so and exits 1.
        var damaged = Directory.CreateDirectory(Path.Combine(_scratch, "by-hand-gateway-damaged")).FullName;
        var lines = File.ReadAllLines(Path.Combine(logs, "gateway.clef")).ToList();
        lines.RemoveAt(lines.FindIndex(l => l.Contains("\"Name\":\"init_ok\"", StringComparison.Ordinal)));
        File.WriteAllLines(Path.Combine(damaged, "gateway.clef"), lines);
        var differs = await CliRun.RunAsync("LabBench", "cluster-check", "--locust-csv", csv, "--gateway-logs", damaged, "--workload", "echo");
        Assert.Equal(1, differs.ExitCode);
        Assert.Contains("connections = init ok: 5 ≠ 4", differs.Stdout);
        Assert.Contains("THEY DIFFER", differs.Stdout);

        // And with one echo missing from the gateway's log (a do_terminate's frames one lower): the echo check says so.
        var fewer = Directory.CreateDirectory(Path.Combine(_scratch, "by-hand-gateway-one-frame-less")).FullName;
        var clef = File.ReadAllLines(Path.Combine(logs, "gateway.clef"));
        var ended = Array.FindIndex(clef, l => FramesIn(l) > 0);
        clef[ended] = System.Text.RegularExpressions.Regex.Replace(clef[ended], "\"frames\":(\\d+)", m => $"\"frames\":{long.Parse(m.Groups[1].Value) - 1}");
        File.WriteAllLines(Path.Combine(fewer, "gateway.clef"), clef);
        var echoDiffers = await CliRun.RunAsync("LabBench", "cluster-check", "--locust-csv", csv, "--gateway-logs", fewer, "--workload", "echo");
        _output.WriteLine(echoDiffers.Stdout);
        Assert.Equal(1, echoDiffers.ExitCode);
        Assert.Contains($"echoes = frames (do_terminate): {N(echoes)} ≠ {N(frames - 1)}\n", echoDiffers.Stdout);
        Assert.Contains("THEY DIFFER", echoDiffers.Stdout);
    }

    [Theory]
    [InlineData("/nonexistent/run_stats.csv does not exist", "--locust-csv", "/nonexistent/run", "--gateway-logs", "/tmp")]
    [InlineData("Option '--gateway-logs' is required", "--locust-csv", "/nonexistent/run")]
    public async Task ClusterCheckMistakeIsOneLineAndExitTwo(string message, params string[] args)
    {
        var run = await CliRun.RunAsync("LabBench", ["cluster-check", .. args]);

        run.AssertUsageError(message);
    }

    [Fact]
    public async Task ClusterCheckRefusesARunDirectoryRetentionHasThinned()
    {
        // --log-retain 1: no rolled file is left, and gateway.clef opens with the gateway's note of the deletion.
        var logs = Directory.CreateDirectory(Path.Combine(_scratch, "retained-one")).FullName;
        File.WriteAllText(Path.Combine(logs, "gateway.clef"),
            "{\"@t\":\"2026-11-27T08:00:00.000Z\",\"@mt\":\"log_retention deleted={deleted}\",\"@l\":\"Warning\",\"deleted\":\"gateway-000007.clef\",\"EventId\":{\"Id\":13,\"Name\":\"log_retention\"}}\n");
        var csv = Path.Combine(Directory.CreateDirectory(Path.Combine(_scratch, "retained-one-locust")).FullName, "run");
        File.WriteAllText(csv + "_stats.csv", "Type,Name,Request Count,Failure Count\n");

        var run = await CliRun.RunAsync("LabBench", "cluster-check", "--locust-csv", csv, "--gateway-logs", logs);

        run.AssertUsageError("retention deleted the first files");
    }

    /// <summary>An empty gateway.clef and a header-only stats CSV: 0 = 0 on every line is NO DATA and exit 1, never "all equal".</summary>
    [Fact]
    public async Task NothingCountedOnEitherSideIsNoDataAndExitOne()
    {
        var logs = Directory.CreateDirectory(Path.Combine(_scratch, "empty-run")).FullName;
        File.WriteAllText(Path.Combine(logs, "gateway.clef"), "");
        var csv = Path.Combine(Directory.CreateDirectory(Path.Combine(_scratch, "empty-locust")).FullName, "run");
        File.WriteAllText(csv + "_stats.csv", "Type,Name,Request Count,Failure Count\n");

        var text = await CliRun.RunAsync("LabBench", "cluster-check", "--locust-csv", csv, "--gateway-logs", logs);
        var json = await CliRun.RunAsync("LabBench", "cluster-check", "--locust-csv", csv, "--gateway-logs", logs, "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.Contains("NO DATA: neither Locust's stats nor the gateway's log count", text.Stdout);
        Assert.DoesNotContain("all equal", text.Stdout);
        Assert.Equal(1, json.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.False(doc.RootElement.GetProperty("countsAgree").GetBoolean());
        Assert.Equal("NO DATA", doc.RootElement.GetProperty("verdict").GetString());
    }

    private System.Diagnostics.Process StartLocust(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("locust", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        var process = System.Diagnostics.Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The frames a gateway.clef line's do_terminate counts; 0 for any other line.</summary>
    private static long FramesIn(string clefLine) =>
        clefLine.Contains("\"Name\":\"do_terminate\"", StringComparison.Ordinal)
            ? System.Text.Json.JsonDocument.Parse(clefLine).RootElement.GetProperty("frames").GetInt64() : 0;

    private static string N(long v) => v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A process still writing: the temporary folder is left to the OS.
        }
    }
}
