using System.Text.Json;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Lab.Framing;
using Lab.Gateway.Tests.Support;
using Lab.Probes.Frames;
using Lab.Testing;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>Stopping under load, and logs that cannot be written: exit cleanly, lose no line that could
/// be written, and keep serving when the disk fills.</summary>
public class ShutdownAndDiskTests
{
    [Fact]
    public async Task SigtermDuringLoadExitsZeroWithinTheDeadlineWithEveryLineOnDisk()
    {
        var logs = TestGateway.ArtifactDirectory("sigterm-load");
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "off", "--logs", logs);
        var port = await gateway.WaitForFramesPortAsync();
        // A frame counts lost only if it waits longer than the shutdown may take (5 s) on a connection the gateway
        // keeps open: with the 1 s default, two test assemblies sharing two cores made one frame "lost" in CI.
        var load = new FrameLoad(new IPEndPoint(IPAddress.Loopback, port), FramesMode.Echo, 50, TimeSpan.FromSeconds(20), TimeSpan.Zero, 64, 4, null, _ => { },
            frameDeadline: TimeSpan.FromSeconds(6));
        var running = load.RunAsync();
        // SIGTERM once all 50 are connected and echoing (ss's established client ends), not after a fixed wait that a
        // loaded machine may spend connecting.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); EstablishedClients.To(port) < 50 && DateTime.UtcNow < deadline && !running.IsCompleted;)
            await Task.Delay(50);
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        gateway.Signal(GatewayProcess.SigTerm);
        var code = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15));
        var took = clock.Elapsed;
        var result = await running;

        Assert.Equal(0, code);
        Assert.True(took < TimeSpan.FromSeconds(5 + 1), $"took {took.TotalSeconds:0.0} s; the shutdown deadline is 5 s");
        Assert.DoesNotContain("lost", result.Errors.Keys);
        Assert.DoesNotContain("corrupted", result.Errors.Keys);
        var run = RunLogs.Read(logs);
        var inits = run.Named("init_ok").Select(e => e.GetProperty("portId").GetInt64()).Order().ToList();
        Assert.Equal(50, inits.Count);
        Assert.Equal(inits, run.Named("do_terminate").Select(e => e.GetProperty("portId").GetInt64()).Order());
        Assert.All(run.Named("do_terminate"), e => Assert.Equal("shutdown", e.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task AConnectionThatDoesNotFinishIsAbortedAtTheShutdownTimeout(int seconds)
    {
        // An HTTP request whose body never finishes arriving keeps Kestrel waiting on SIGTERM: the gateway
        // exits when --shutdown-timeout runs out, not before and not much after, with the connection's line.
        var logs = TestGateway.ArtifactDirectory($"shutdown-timeout-{seconds}s");
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "0", "--shutdown-timeout", $"{seconds}s", "--logs", logs);
        var http = int.Parse(Regex.Match(await gateway.WaitForListeningAsync(), @"http=[^ ]+:(\d+)").Groups[1].Value);
        using var client = await RawClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, http));
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc"u8.ToArray());
        await client.ReadUntilAsync(15, TimeSpan.FromSeconds(5)); // the endpoint has answered; the body is still owed
        var clock = Stopwatch.StartNew();
        gateway.Signal(GatewayProcess.SigTerm);
        var code = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(seconds + 10));
        var took = clock.Elapsed;

        Assert.Equal(0, code);
        Assert.InRange(took.TotalSeconds, seconds - 0.2, seconds + 4); // without the abort it would run to the wait's seconds + 10
        var end = RunLogs.Read(logs).ForClient("do_terminate", client.LocalPort);
        Assert.Equal("shutdown", end.GetProperty("reason").GetString());
        Assert.Equal(1, end.GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task LogsDirectoryBelowARegularFileIsExitCode2()
    {
        // Holds as root too: no permission stops root, but a path through a regular file cannot exist.
        var file = Path.GetTempFileName();
        (await CliRun.RunAsync("Gateway", "serve", "--frames-port", "0", "--http-port", "off", "--logs", Path.Combine(file, "run")))
            .AssertUsageError("cannot write logs");
    }

    [Fact]
    public async Task FullDiskIsCountedAndReportedWhileTheGatewayKeepsServing()
    {
        Assert.True(Environment.IsPrivilegedProcess, "mounting a tiny tmpfs in a private mount namespace needs root (as CI runs)");
        var mountPoint = Directory.CreateTempSubdirectory("lab-tinydisk-").FullName;
        using var gateway = GatewayProcess.StartOnTinyDisk(mountPoint, "256k", "serve", "--frames-port", "0", "--http-port", "off",
            "--logs", Path.Combine(mountPoint, "run"));
        var port = await gateway.WaitForFramesPortAsync();
        var frames = new IPEndPoint(IPAddress.Loopback, port);

        // Enough connections to fill 256 KiB with per-connection files and log lines, then more.
        for (var i = 0; i < 1500; i++)
        {
            using var c = await RawClient.ConnectAsync(frames);
            await c.SendAsync(BadHeads.BogusGet);
            await c.ReadToEndAsync();
        }
        // The gateway says so on stderr (checked once a second): wait for it, at most 10 s.
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !gateway.Stderr.Contains("log writes are failing") && DateTime.UtcNow < deadline;)
            await Task.Delay(50);
        using (var alive = await RawClient.ConnectAsync(frames))
        {
            var frame = PacketWriter.Encode("still serving"u8, 4);
            await alive.SendAsync(frame);
            Assert.Equal(frame, await alive.ReadExactlyAsync(frame.Length));
        }
        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Matches(@"warning: \d+ log write\(s\) failed", gateway.Stderr);
        Assert.Contains("log writes are failing", gateway.Stderr);
    }

    [Fact]
    public async Task ADiskThatFillsLosesWholeLinesOnlyAndTheLogsSayHowManyConnectionsTheyLack()
    {
        // The disk fills under a flood of bogus GETs, then room comes back (the ballast goes) and the gateway stops
        // cleanly, so its totals line lands: every line on disk must be whole, and the counts must add up against
        // this test's own count of connections.
        Assert.True(Environment.IsPrivilegedProcess, "mounting a tiny tmpfs in a private mount namespace needs root (as CI runs)");
        var mountPoint = Directory.CreateTempSubdirectory("lab-tinydisk-").FullName;
        var outside = Directory.CreateTempSubdirectory("lab-tinydisk-out-").FullName;
        using var gateway = GatewayProcess.StartOnTinyDiskThatFreesUp(mountPoint, "512k", 400, outside, "serve", "--frames-port", "0", "--http-port", "off",
            "--logs", Path.Combine(mountPoint, "run"));
        var frames = new IPEndPoint(IPAddress.Loopback, await gateway.WaitForFramesPortAsync());
        var made = 0;
        async Task RejectAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var c = await RawClient.ConnectAsync(frames);
                made++;
                await c.SendAsync(BadHeads.BogusGet);
                await c.ReadToEndAsync();
            }
        }
        await RejectAsync(800);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!gateway.Stderr.Contains("log writes are failing") && DateTime.UtcNow < deadline)
            await RejectAsync(50);
        Assert.Contains("log writes are failing", gateway.Stderr);
        await File.WriteAllTextAsync(Path.Combine(outside, "free"), "");
        // The ballast goes (400 of the 512 KiB): room for the rest of the run, once the watcher says so.
        for (var freed = DateTime.UtcNow.AddSeconds(15); !File.Exists(Path.Combine(outside, "freed")) && DateTime.UtcNow < freed;)
            await Task.Delay(50);
        await RejectAsync(5);
        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        var copied = DateTime.UtcNow.AddSeconds(15);
        while (!File.Exists(Path.Combine(outside, "copied")) && DateTime.UtcNow < copied)
            await Task.Delay(50);
        var run = Path.Combine(outside, "run");

        // Whole lines only: every gateway.clef line is JSON, every gateway.log line a line of the contract.
        var clef = File.ReadLines(Path.Combine(run, "gateway.clef")).Where(l => l.Length > 0).ToList();
        Assert.All(clef, l => JsonDocument.Parse(l).Dispose());
        Assert.All(File.ReadLines(Path.Combine(run, "gateway.log")).Where(l => l.Length > 0),
            l => Assert.True(Lab.Logs.Analysis.TextLogLine.ParseEvent(l) is not null, $"gateway.log: not a whole line: {l}"));
        Assert.All(File.ReadLines(Path.Combine(run, "ports.log")).Where(l => !l.StartsWith("# ", StringComparison.Ordinal)),
            l => Assert.Matches(@"^#Port<0\.\d+>\t\S+Z\t\S+\t\S+$", l));

        // The counts: the totals against this test's connections and what the logs hold.
        var events = clef.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        string Name(JsonElement e) => e.GetProperty("EventId").GetProperty("Name").GetString()!;
        var totals = Assert.Single(events, e => Name(e) == "totals");
        var logged = events.Count(e => Name(e) == "init_ok");
        var ended = events.Count(e => Name(e) == "do_terminate");
        Assert.Equal(made, totals.GetProperty("accepted").GetInt64());
        Assert.True(totals.GetProperty("logWriteFailures").GetInt64() > 0);
        Assert.True(logged < made, $"{logged} of {made} connections logged: the disk never filled");
        Assert.Equal(made - ended, totals.GetProperty("connectionsUnlogged").GetInt64());
        // Every line that should be there, counted from this test's connections, against the lines on disk: what the
        // writers say they lost, exactly. gateway.log and gateway.clef carry the same events: run_start, descriptors,
        // listen, three per connection (init ok, head_error, do_terminate) and totals; ports.log its header, the
        // run_start comment, the listener's id and one per connection.
        long Lines(string log) => File.ReadLines(Path.Combine(run, log)).Count(l => l.Length > 0);
        var eventsWritten = 3 + 3L * made + 1;
        var expected = 2 * eventsWritten + (2 + 1 + made);
        var onDisk = Lines("gateway.clef") + Lines("gateway.log") + Lines("ports.log");
        Assert.Equal(expected - onDisk, totals.GetProperty("logLinesLost").GetInt64());
        var unlogged = made - ended;
        Assert.Contains($"lacks {expected - onDisk} line(s), among them the do_terminate of {unlogged} connection(s) in gateway.clef", gateway.Stderr);

        var analyze = await CliRun.RunAsync("Gateway", "analyze", run);
        Assert.Equal(0, analyze.ExitCode);
        Assert.Contains($"note: the logs lack {made - logged} connection(s): the gateway's totals say it accepted {made}, the logs hold {logged}", analyze.Stdout);
        var json = await CliRun.RunAsync("Gateway", "analyze", run, "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(made - logged, doc.RootElement.GetProperty("summary").GetProperty("missingConnections").GetInt64());
    }
}
