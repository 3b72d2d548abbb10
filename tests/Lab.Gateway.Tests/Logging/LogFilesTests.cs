using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lab.Logs.Analysis;
using Lab.Gateway.Logging;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Lab.TestSupport;
using Lab.Logs;

namespace Lab.Gateway.Tests.Logging;

/// <summary>The run directory's files under load: a fixed set by default, rolled by size, kept to the retained
/// count with each deletion said in gateway.log, and read back in order by analyze and <c>gateway conn</c>.</summary>
public class LogFilesTests
{
    private const int Connections = 200;

    [Fact]
    public async Task RetentionKeepsAtMostTheRetainedFilesPerLogAndSaysWhatItDeleted()
    {
        var logs = TestGateway.ArtifactDirectory("log-retention");
        await ServeAndRejectAsync(logs, "--log-max-size", "4KB", "--log-retain", "2");

        var logNames = new[] { "gateway.log", "gateway.clef", "ports.log" };
        foreach (var log in logNames)
        {
            var set = RolledLogSet.InOrder(Path.Combine(logs, log));
            Assert.InRange(set.Count, 1, 2);
            Assert.True(RolledLogSet.DeletedBefore(Path.Combine(logs, log)) > 0, $"{log}: nothing rolled and deleted");
        }
        Assert.InRange(Directory.GetFileSystemEntries(logs).Length, 3, 6); // retain × logs, whatever the number of connections

        // Each deletion is one log_retention line naming a file that is gone (those written to files since deleted are gone too).
        var notes = RolledLogSet.InOrder(Path.Combine(logs, "gateway.log")).SelectMany(File.ReadLines).Where(l => l.Contains("] log_retention ")).ToList();
        Assert.NotEmpty(notes);
        foreach (var note in notes)
        {
            var name = Regex.Match(note, @"deleted=(\S+)").Groups[1].Value;
            Assert.Matches(@"^(gateway|ports)-\d{6}\.(log|clef)$", name);
            Assert.False(File.Exists(Path.Combine(logs, name)), $"{name} is said deleted but exists");
            Assert.Contains("retain=2", note);
        }

        var analyze = await CliRun.RunAsync("Gateway", "analyze", logs);
        Assert.Equal(0, analyze.ExitCode);
        Assert.Contains("note: retention deleted the first", analyze.Stdout);
        var counted = int.Parse(Regex.Match(analyze.Stdout, @"summary: (\d+) frame connections").Groups[1].Value);
        Assert.InRange(counted, 1, Connections - 1); // the earliest are gone, and the analysis says so
    }

    [Fact]
    public async Task KeepingEveryFileAnalyzeAndConnReadAcrossTheRoll()
    {
        var logs = TestGateway.ArtifactDirectory("log-roll-keep");
        var clientPorts = await ServeAndRejectAsync(logs, "--log-max-size", "4KB", "--log-retain", "0");

        Assert.True(RolledLogSet.Rolled(Path.Combine(logs, "gateway.clef")).Count > 5);
        var run = RunLogs.Read(logs); // the combined logs
        Assert.Equal(Connections, run.Named("init_ok").Count());
        Assert.Equal(Connections, run.Named("do_terminate").Count());
        Assert.Equal(run.Named("init_ok").Select(e => e.GetProperty("portId").GetInt64()).Order(), run.Named("do_terminate").Select(e => e.GetProperty("portId").GetInt64()).Order());
        Assert.Equal(Connections + 1, run.Journal.Count(l => l.StartsWith("#Port<0.", StringComparison.Ordinal))); // the listener's id too
        Assert.DoesNotContain(run.Text.Split('\n'), l => l.Contains("log_retention"));

        var json = await CliRun.RunAsync("Gateway", "analyze", logs, "--json");
        using (var doc = JsonDocument.Parse(json.Stdout))
            Assert.Equal(Connections, doc.RootElement.GetProperty("summary").GetProperty("connections").GetInt32());

        // A connection in the middle, by its client's ip:port: its three lines, wherever the roll put them.
        var middle = clientPorts[Connections / 2];
        var conn = await CliRun.RunAsync("Gateway", "conn", logs, $"127.0.0.1:{middle}");
        Assert.Equal(0, conn.ExitCode);
        var lines = conn.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("# ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["init ok", "head_error", "do_terminate"], lines.Select(l => Regex.Match(l, @"\] (init ok|head_error|do_terminate) ").Groups[1].Value));
        Assert.All(lines, l => Assert.Contains($"peer=127.0.0.1:{middle} ", l));
    }

    [Fact]
    public async Task ConnPrintsAConnectionsLinesByIdPortOrClientWithOrWithoutConnFiles()
    {
        string dir;
        int clientPort;
        await using (var gateway = await TestGateway.StartAsync(connectionFiles: true))
        {
            using (var client = await RawClient.ConnectAsync(gateway.Frames))
            {
                clientPort = client.LocalPort;
                await client.SendAsync(BadHeads.BogusGet);
                await client.ReadToEndAsync(TimeSpan.FromSeconds(5));
            }
            using (var echo = await RawClient.ConnectAsync(gateway.Frames))
            {
                await echo.SendAsync([0, 0, 0, 1, 42]);
                await echo.ReadExactlyAsync(5);
            }
            await gateway.WaitForNoConnectionsAsync();
            dir = gateway.LogsDirectory;
            await gateway.Host.StopAsync();
        }
        var run = RunLogs.Read(dir);
        var id = run.PortIdOf(clientPort);
        var own = File.ReadAllLines(Path.Combine(dir, "conn", $"{id}.log"));

        foreach (var selector in new[] { $"{id}", $"#Port<0.{id}>", $"127.0.0.1:{clientPort}" })
        {
            var result = await CliRun.RunAsync("Gateway", "conn", dir, selector);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(own, Body(result.Stdout));
        }

        // Without conn/: the same lines, found in gateway.log.
        Directory.Move(Path.Combine(dir, "conn"), Path.Combine(dir, "conn.moved"));
        var scanned = await CliRun.RunAsync("Gateway", "conn", dir, $"{id}");
        Assert.Equal(own, Body(scanned.Stdout));
        Assert.Contains("from gateway.log", scanned.Stdout);

        // Two connections, grouped; --json carries gateway.clef's own events for each.
        var both = await CliRun.RunAsync("Gateway", "conn", dir, $"{id}", $"{id + 1}", "--json");
        using var doc = JsonDocument.Parse(both.Stdout);
        var connections = doc.RootElement.GetProperty("connections").EnumerateArray().ToList();
        Assert.Equal([id, id + 1], connections.Select(c => c.GetProperty("portId").GetInt64()));
        var events = connections[0].GetProperty("events").EnumerateArray().Select(e => e.GetProperty("EventId").GetProperty("Name").GetString()).ToList();
        Assert.Equal(run.Events.Where(e => e.TryGetProperty("portId", out var p) && p.GetInt64() == id).Select(e => e.GetProperty("EventId").GetProperty("Name").GetString()), events);
        Assert.Equal(["init_ok", "head_error", "do_terminate"], events);
        Assert.Equal(own, connections[0].GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Empty(doc.RootElement.GetProperty("notFound").EnumerateArray());

        var missing = await CliRun.RunAsync("Gateway", "conn", dir, "9999");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"no connection 9999 in {dir}", Assert.Single(missing.StderrLines));
        (await CliRun.RunAsync("Gateway", "conn", dir, "port seven")).AssertUsageError("port id");
        (await CliRun.RunAsync("Gateway", "conn", Path.Combine(dir, "nope"), "7")).AssertUsageError("no such directory");
    }

    [Fact]
    public async Task EveryLogWritesUtcMarkedAsSuchWhateverTheTimeZone()
    {
        // Asia/Shanghai is UTC+8: a local-time line would be eight hours off.
        var logs = TestGateway.ArtifactDirectory("utc-logs");
        using (var gateway = GatewayProcess.StartInTimeZone("Asia/Shanghai", "serve", "--frames-port", "0", "--http-port", "off", "--logs", logs, "--conn-files"))
        {
            var port = await gateway.WaitForFramesPortAsync();
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await s.SendAsync(BadHeads.BogusGet, SocketFlags.None);
            while (await s.ReceiveAsync(new byte[256], SocketFlags.None) > 0) { }
            gateway.Signal(GatewayProcess.SigTerm);
            Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        }
        var now = DateTimeOffset.UtcNow;
        // Each time is marked Z and is this minute's UTC: local time read as UTC would be eight hours ahead.
        void AssertUtcNow(string time, string format, string where)
        {
            Assert.True(time.EndsWith('Z'), $"{where}: {time} is not marked UTC");
            var at = DateTimeOffset.ParseExact(time, format, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
            Assert.InRange(now - at, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        }
        var text = File.ReadAllLines(Path.Combine(logs, "gateway.log"));
        Assert.All(text, l => Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z \[", l));
        Assert.All(text, l => AssertUtcNow(l[..24], "yyyy-MM-dd HH:mm:ss.fff'Z'", "gateway.log"));
        // Past the header, the id lines; comments (# run_start …) carry no time of their own.
        var ports = File.ReadLines(Path.Combine(logs, "ports.log")).Where(l => !l.StartsWith("# ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ports);
        Assert.All(ports, l => Assert.Matches(@"\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t", l));
        Assert.All(ports, l => AssertUtcNow(l.Split('\t')[1], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "ports.log"));
        var clef = File.ReadAllLines(Path.Combine(logs, "gateway.clef"));
        Assert.NotEmpty(clef);
        Assert.All(clef, l =>
        {
            using var e = JsonDocument.Parse(l);
            AssertUtcNow(e.RootElement.GetProperty("@t").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "gateway.clef");
        });
        var conn = Assert.Single(Directory.GetFiles(Path.Combine(logs, "conn")));
        var connLines = File.ReadAllLines(conn);
        Assert.Equal(3, connLines.Length); // init ok, head_error, do_terminate
        Assert.All(connLines, l => AssertUtcNow(l[..24], "yyyy-MM-dd HH:mm:ss.fff'Z'", Path.GetFileName(conn)));

        // The text log and the JSON log say the same instant for the same event.
        var fromJson = GatewayRun.Read(logs).FrameConnections.Single();
        File.Delete(Path.Combine(logs, "gateway.clef"));
        var fromText = GatewayRun.Read(logs).FrameConnections.Single();
        static DateTimeOffset? Ms(DateTimeOffset? t) => t is { } v ? new DateTimeOffset(v.Ticks - v.Ticks % TimeSpan.TicksPerMillisecond, v.Offset) : null;
        Assert.Equal(Ms(fromJson.AcceptedAt), fromText.AcceptedAt); // the text log keeps milliseconds
        Assert.Equal(Ms(fromJson.EndedAt), fromText.EndedAt);
    }

    private static string[] Body(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToArray();

    /// <summary>A serve process with these log options, <see cref="Connections"/> bogus GETs one after another, then SIGTERM; returns the client ports in order.</summary>
    private static async Task<List<int>> ServeAndRejectAsync(string logs, params string[] logOptions)
    {
        using var gateway = GatewayProcess.Start(["serve", "--frames-port", "0", "--http-port", "off", "--logs", logs, .. logOptions]);
        var port = await gateway.WaitForFramesPortAsync();
        var target = new IPEndPoint(IPAddress.Loopback, port);
        var clientPorts = new List<int>();
        var sink = new byte[256];
        for (var i = 0; i < Connections; i++)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await s.ConnectAsync(target);
            clientPorts.Add(((IPEndPoint)s.LocalEndPoint!).Port);
            await s.SendAsync(BadHeads.BogusGet, SocketFlags.None);
            while (await s.ReceiveAsync(sink, SocketFlags.None) > 0) { }
            s.LingerState = new LingerOption(true, 0);
        }
        gateway.Signal(GatewayProcess.SigTerm);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        return clientPorts;
    }
}
