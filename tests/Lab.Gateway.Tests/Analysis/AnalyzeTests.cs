using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Lab.Framing;
using Lab.Logs.Analysis;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Lab.TestSupport;
using Lab.Logs;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>The analyzer on logs the real gateway wrote in this test: a burst of bogus GETs, a lone GET
/// outside the window, a TLS ClientHello from another address, valid frames, a silent connection next to
/// the burst, and an HTTP-endpoint connection that leaves a gap in the frame port's ids.</summary>
public class AnalyzeTests(AnalyzeRunFixture run) : IClassFixture<AnalyzeRunFixture>
{
    private static readonly TimeSpan Window = AnalyzeRunFixture.Window;
    private readonly string _dir = run.Dir;
    private readonly List<int> _burstPorts = run.BurstPorts;
    private readonly int _silentPort = run.SilentPort, _tlsPort = run.TlsPort, _framesPort = run.FramesPort, _afterGapPort = run.LonePort;

    [Fact]
    public void EveryGroupAndCountIsFound()
    {
        var run = GatewayRun.Read(_dir);
        var a = RunAnalyzer.Analyze(run, Window);
        long Id(int clientPort) => a.Connections.Single(c => c.ClientPort == clientPort).PortId;

        Assert.Equal(7, a.Summary.Connections);
        Assert.Equal(1, a.Summary.HttpEndpointConnections);
        var burst = Assert.Single(a.Bursts);
        Assert.Equal(_burstPorts.Select(Id), burst.PortIds);
        Assert.Equal("127.0.0.1", burst.ClientIp);
        Assert.Equal("GET /anything HT", burst.Head);

        var silent = Assert.Single(a.Silent);
        Assert.Equal(Id(_silentPort), silent.PortId);
        Assert.Equal(Id(_burstPorts[^1]), silent.CompanionPortId); // the burst's last GET opened just before it

        var gap = Assert.Single(a.Gaps);
        Assert.Equal(Id(_framesPort), gap.From);
        Assert.Equal(Id(_afterGapPort), gap.To);
        Assert.Contains(" http 127.0.0.1:", Assert.Single(gap.TakenBy));

        Assert.Equal(new Dictionary<string, int> { ["http(GET)"] = 4, ["tls(ClientHello TLS 1.2 (TLS 1.3 also says 1.2 here))"] = 1 }, a.Summary.HeadErrorsByOrigin);
        Assert.Equal(4, a.Summary.HeadErrorsByLength["1195725856 (0x47455420)"]);
        Assert.Equal("tls", a.Connections.Single(c => c.ClientPort == _tlsPort).Origin);
        Assert.Null(a.Connections.Single(c => c.ClientPort == _framesPort).Origin);
        Assert.Equal(1, a.Connections.Single(c => c.ClientPort == _framesPort).Frames);
        Assert.Contains("browser or HTTP client", a.Origins["http"]);
        Assert.Equal(0, a.Summary.ProblemLines);
    }

    [Fact]
    public async Task JsonHoldsTheDocumentedFieldsAndOnlyJson()
    {
        var result = await CliRun.RunAsync("Gateway", "analyze", _dir, "--json", "--window", "2s");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var r = doc.RootElement;
        var c = r.GetProperty("connections")[0];
        foreach (var field in new[] { "portId", "clientPort", "origin", "headLength", "reason", "closedBy", "closeKind" })
            Assert.True(c.TryGetProperty(field, out _), field);
        Assert.Equal(JsonValueKind.Number, c.GetProperty("portId").ValueKind);
        var burst = r.GetProperty("bursts")[0];
        foreach (var field in new[] { "clientIp", "head", "portIds", "start", "end" })
            Assert.True(burst.TryGetProperty(field, out _), field);
        var silent = r.GetProperty("silent")[0];
        Assert.Equal(JsonValueKind.Number, silent.GetProperty("companionPortId").ValueKind);
        var gap = r.GetProperty("gaps")[0];
        Assert.Equal(JsonValueKind.Array, gap.GetProperty("takenBy").ValueKind);
        Assert.Equal(7, r.GetProperty("summary").GetProperty("connections").GetInt32());

        // Values, not only fields: each connection as this test's own sockets made it.
        JsonElement ByClient(int clientPort) => r.GetProperty("connections").EnumerateArray().Single(x => x.GetProperty("clientPort").GetInt32() == clientPort);
        foreach (var get in _burstPorts.Append(_afterGapPort).Select(ByClient))
        {
            Assert.Equal("127.0.0.1", get.GetProperty("clientIp").GetString());
            Assert.Equal(BadHeads.BogusGet.Length, get.GetProperty("bytesIn").GetInt64());
            Assert.Equal(0, get.GetProperty("bytesOut").GetInt64());
            Assert.Equal("head_error", get.GetProperty("reason").GetString());
            Assert.Equal("gateway", get.GetProperty("closedBy").GetString());
            Assert.Equal("fin", get.GetProperty("closeKind").GetString());
            Assert.Equal(1195725856u, get.GetProperty("headLength").GetUInt32());
            Assert.Equal("0x47455420", get.GetProperty("headLengthHex").GetString());
            Assert.Equal(Convert.ToHexString(BadHeads.BogusGet.AsSpan(0, 16)), get.GetProperty("headHex").GetString());
            Assert.Equal("GET /anything HT", get.GetProperty("headAscii").GetString());
            Assert.Equal("http", get.GetProperty("origin").GetString());
        }
        var tls = ByClient(_tlsPort);
        Assert.Equal("127.0.0.2", tls.GetProperty("clientIp").GetString());
        Assert.Equal(0x16030100u, tls.GetProperty("headLength").GetUInt32());
        Assert.Equal("tls", tls.GetProperty("origin").GetString());
        var frames = ByClient(_framesPort);
        Assert.Equal(("127.0.0.3", 1, 9, 9, "peer_closed", "peer"), (frames.GetProperty("clientIp").GetString(), frames.GetProperty("frames").GetInt32(),
            frames.GetProperty("bytesIn").GetInt64(), frames.GetProperty("bytesOut").GetInt64(), frames.GetProperty("reason").GetString(), frames.GetProperty("closedBy").GetString()));
        Assert.Equal(JsonValueKind.Null, frames.GetProperty("headLength").ValueKind);
        var quiet = ByClient(_silentPort);
        Assert.Equal((0, 0), (quiet.GetProperty("bytesIn").GetInt64(), quiet.GetProperty("bytesOut").GetInt64()));
        Assert.Equal(quiet.GetProperty("portId").GetInt64(), silent.GetProperty("portId").GetInt64());
        Assert.Equal(ByClient(_burstPorts[^1]).GetProperty("portId").GetInt64(), silent.GetProperty("companionPortId").GetInt64());
        Assert.Equal(_burstPorts.Select(p => ByClient(p).GetProperty("portId").GetInt64()), burst.GetProperty("portIds").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(frames.GetProperty("portId").GetInt64(), gap.GetProperty("from").GetInt64());
        Assert.Equal(ByClient(_afterGapPort).GetProperty("portId").GetInt64(), gap.GetProperty("to").GetInt64());
        Assert.Equal(1, gap.GetProperty("missing").GetInt64());
        var summary = r.GetProperty("summary");
        Assert.Equal((5, 1, 1, 1, 0, true, "gateway.clef"), (summary.GetProperty("headErrors").GetInt32(), summary.GetProperty("bursts").GetInt32(),
            summary.GetProperty("silent").GetInt32(), summary.GetProperty("httpEndpointConnections").GetInt32(), summary.GetProperty("problemLines").GetInt32(),
            summary.GetProperty("hasJournal").GetBoolean(), summary.GetProperty("source").GetString()));

        var two = await CliRun.RunAsync("Gateway", "analyze", _dir, _dir, "--json");
        using var runs = JsonDocument.Parse(two.Stdout);
        Assert.Equal(2, runs.RootElement.GetProperty("runs").GetArrayLength());
        Assert.Equal(_dir, runs.RootElement.GetProperty("runs")[0].GetProperty("dir").GetString());
    }

    [Fact]
    public async Task EachTextSectionSaysWhatTheLogsSay()
    {
        // Expected values read from the logs here (gateway.clef as JSON, ports.log as text), not from the analyzer.
        var logs = RunLogs.Read(_dir);
        string Port(int clientPort) => $"#Port<0.{logs.PortIdOf(clientPort)}>";
        DateTimeOffset Time(string eventName, int clientPort) =>
            DateTimeOffset.Parse(logs.ForClient(eventName, clientPort).GetProperty("@t").GetString()!, CultureInfo.InvariantCulture);
        static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z";
        var headErrors = logs.Named("head_error").ToList();
        var frames = logs.Named("init_ok").Where(e => e.GetProperty("listener").GetString() == "frames").ToList();
        var taken = logs.Journal.Select(l => l.Split('\t')).Single(f => f[0].StartsWith("#Port<", StringComparison.Ordinal) && f[2] == "http");

        var run = await CliRun.RunAsync("Gateway", "analyze", _dir);
        Assert.Equal(0, run.ExitCode);
        // The text as a wide terminal would show it: each folded paragraph on one line again.
        var result = run with { Stdout = FoldedText.Unfold(run.Stdout) };
        var lines = result.Stdout.Split('\n');
        List<string> Section(string title)
        {
            var at = Array.FindIndex(lines, l => l.StartsWith(title, StringComparison.Ordinal));
            Assert.True(at >= 0, $"no section '{title}' in:\n{result.Stdout}");
            return lines.Skip(at + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
        }

        // The origins the gateway logged, each with its meaning written out here: never asked of HeaderGuess,
        // which the analyzer itself asks (a wrong or missing meaning there would move both sides).
        Assert.Equal(["http", "tls"], headErrors.Select(e => e.GetProperty("origin").GetString()!.Split('(')[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["http: a browser or HTTP client is talking to the binary port; its request line was read as a length",
                      "tls: a TLS client (https:// or a TLS-wrapped client) is talking to the binary port"], Section("origins:"));

        var burst = _burstPorts;
        var firstAccept = burst.Min(p => Time("init_ok", p));
        var start = Time("head_error", burst[0]);
        Assert.Equal("GET /anything HT", logs.ForClient("head_error", burst[0]).GetProperty("headAscii").GetString()); // BadHeads.BogusGet's first 16 bytes
        Assert.Equal([$"127.0.0.1 \"GET /anything HT\": {string.Join(" ", burst.Select(Port))} " +
                      $"from {Utc(start)} to {Utc(Time("head_error", burst[^1]))}" + (firstAccept < start ? $" (first socket accepted {Utc(firstAccept)})" : "")],
            Section("bursts ("));

        var silent = Assert.Single(Section("silent ("));
        var apart = Math.Round(Math.Abs((Time("init_ok", _silentPort) - Time("init_ok", burst[^1])).TotalMilliseconds), 1);
        Assert.StartsWith($"{Port(_silentPort)}, companion {Port(burst[^1])} opened {apart.ToString(CultureInfo.InvariantCulture)} ms apart; " +
                          $"nearest burst: the one from {Utc(start)}, a socket of it accepted ", silent);

        Assert.Equal([$"{Port(_framesPort)} → {Port(_afterGapPort)}: {taken[0]} http {taken[3]}"], Section("port-id gaps ("));

        var reasons = logs.Named("do_terminate").Where(e => frames.Any(f => f.GetProperty("portId").GetInt64() == e.GetProperty("portId").GetInt64()))
            .GroupBy(e => e.GetProperty("reason").GetString()!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}");
        Assert.Contains($"summary: {frames.Count} frame connections (0 refused), {logs.Named("init_ok").Count() - frames.Count} HTTP-endpoint connections, " +
                        $"{headErrors.Count} head_errors, 1 bursts, 1 silent, 1 gaps\n", result.Stdout);
        Assert.Contains($"  reasons: {string.Join(", ", reasons)}\n", result.Stdout);
        // The same counts as this session made them (AnalyzeRunFixture): 4 GETs, a ClientHello, a frame and a silent socket on
        // the frame port, one HTTP-endpoint request; the frame and the silent socket both end by the peer's FIN.
        Assert.Contains("summary: 7 frame connections (0 refused), 1 HTTP-endpoint connections, 5 head_errors, 1 bursts, 1 silent, 1 gaps\n", result.Stdout);
        Assert.Contains("  reasons: head_error ×5, peer_closed ×2\n", result.Stdout);
    }

    [Fact]
    public void TextLogAloneGivesTheSameAnalysis()
    {
        var copy = CopyRun("text-only");
        File.Delete(Path.Combine(copy, "gateway.clef"));
        var fromText = RunAnalyzer.Analyze(GatewayRun.Read(copy), Window);
        var fromJson = RunAnalyzer.Analyze(GatewayRun.Read(_dir), Window);

        Assert.Equal("gateway.log", fromText.Summary.Source);
        Assert.Equal(0, fromText.Summary.ProblemLines);
        Assert.Equal(fromJson.Connections.Select(c => (c.PortId, c.ClientPort, c.HeadLength, c.HeadAscii, c.Reason, c.CloseKind, c.Origin)),
            fromText.Connections.Select(c => (c.PortId, c.ClientPort, c.HeadLength, c.HeadAscii, c.Reason, c.CloseKind, c.Origin)));
        Assert.Equal(fromJson.Bursts.Select(b => b.PortIds.ToArray()), fromText.Bursts.Select(b => b.PortIds.ToArray()));
    }

    [Fact]
    public void CorruptAndTruncatedLinesAreCountedAndSkipped()
    {
        var copy = CopyRun("corrupt");
        var clef = Path.Combine(copy, "gateway.clef");
        var lines = File.ReadAllLines(clef).ToList();
        lines.Insert(3, "{\"@t\": not json at all");
        lines[^1] = lines[^1][..(lines[^1].Length / 2)]; // the last line cut mid-write
        File.WriteAllLines(clef, lines);
        File.Delete(Path.Combine(copy, "ports.log"));

        var a = RunAnalyzer.Analyze(GatewayRun.Read(copy), Window);

        Assert.Equal(2, a.Summary.ProblemLines);
        Assert.Contains("gateway.clef:4:", a.Summary.ProblemExamples[0]);
        Assert.False(a.Summary.HasJournal);
        Assert.Equal(7, a.Summary.Connections);
        Assert.Contains("(no journal entry)", Assert.Single(a.Gaps).TakenBy[0]);
    }

    [Fact]
    public async Task EmptyAndForeignFoldersAreSkippedAndNothingReadableIsExitCode2()
    {
        var empty = Directory.CreateTempSubdirectory("lab-empty-").FullName;
        var foreign = Directory.CreateTempSubdirectory("lab-foreign-").FullName;
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "not a run");

        var mixed = await CliRun.RunAsync("Gateway", "analyze", empty, _dir, foreign);
        Assert.Equal(0, mixed.ExitCode);
        Assert.Equal(2, mixed.StderrLines.Length);
        Assert.All(mixed.StderrLines, l => Assert.StartsWith("skipped ", l));

        var none = await CliRun.RunAsync("Gateway", "analyze", empty, foreign, "/nonexistent/dir");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("nothing readable", none.StderrLines[^1]);
        Assert.DoesNotContain("   at ", none.Stderr);
    }

    [Fact]
    public async Task TheCompactTableFits120ColumnsOneLinePerConnection()
    {
        var result = await CliRun.RunAsync("Gateway", "analyze", _dir);
        var lines = result.Stdout.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("#Port ", StringComparison.Ordinal));
        var table = lines.Skip(header).TakeWhile(l => l.Length > 0 && !l.StartsWith("origins:", StringComparison.Ordinal)).ToList();

        Assert.Equal(1 + 7, table.Count); // the header and one line per frame connection: no cell folded onto a second line
        Assert.All(table, l => Assert.True(l.TrimEnd().Length <= 120, $"{l.TrimEnd().Length} columns: {l}"));
        Assert.Contains(table, l => l.Contains("head_error, gateway fin \"GET /anything HT\" http", StringComparison.Ordinal));
        Assert.DoesNotContain("head hex", result.Stdout);

        var wide = await CliRun.RunAsync("Gateway", "analyze", _dir, "--wide");
        Assert.Contains("head hex", wide.Stdout);
        Assert.Contains("1195725856 / 0x47455420", wide.Stdout);
    }

    [Fact]
    public async Task ReasonLimitAndHttpShapeTheTextAndJsonStaysWhole()
    {
        var text = await CliRun.RunAsync("Gateway", "analyze", _dir, "--reason", "head_error", "--limit", "2", "--http");
        var rows = text.Stdout.Split('\n').Where(l => l.StartsWith("#Port<0.", StringComparison.Ordinal)).ToList();

        Assert.Equal(0, text.ExitCode);
        Assert.Equal(2 + 1, rows.Count); // two head_error rows, then the HTTP-endpoint connection's row
        Assert.All(rows.Take(2), r => Assert.Contains("head_error, gateway fin", r));
        Assert.Contains("  … 3 more connection(s) not shown (--limit 2)", text.Stdout);
        Assert.Contains("  5 of 7 connection(s) ended with reason head_error", text.Stdout);
        Assert.Contains("HTTP-endpoint connections: 1, 1 request(s)", text.Stdout);

        var json = await CliRun.RunAsync("Gateway", "analyze", _dir, "--json", "--reason", "peer_closed", "--limit", "1");
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(7, doc.RootElement.GetProperty("connections").GetArrayLength());
        var http = Assert.Single(doc.RootElement.GetProperty("httpConnections").EnumerateArray());
        Assert.Equal(1, http.GetProperty("requests").GetInt32());
        Assert.Equal("peer_closed", http.GetProperty("reason").GetString());

        (await CliRun.RunAsync("Gateway", "analyze", _dir, "--limit", "0")).AssertUsageError("--limit");
    }

    /// <summary>A number too large for the option names the limit, not a CLR type; a misspelt option is not taken as
    /// one more directory (DIR takes several), so it is refused instead of silently ignored.</summary>
    [Fact]
    public async Task AHugeNumberAndAMisspeltOptionAreOneLineAndExitTwo()
    {
        var huge = await CliRun.RunAsync("Gateway", "analyze", _dir, "--limit", "99999999999");
        huge.AssertUsageError("error: --limit: '99999999999' is too large (at most 2147483647)");
        Assert.DoesNotContain("System.", huge.Stderr);

        (await CliRun.RunAsync("Gateway", "analyze", _dir, "--jsn")).AssertUsageError("error: unrecognized option '--jsn'");
        // A reason the gateway never logs filtered the table to nothing, silently; it is named now, with the ones it logs.
        (await CliRun.RunAsync("Gateway", "analyze", _dir, "--reason", "bogus")).AssertUsageError("error: --reason: 'bogus' is not one of head_error, peer_closed,");
    }

    [Fact]
    public async Task BadWindowIsExitCode2() =>
        (await CliRun.RunAsync("Gateway", "analyze", _dir, "--window", "soonish")).AssertUsageError("--window");

    private string CopyRun(string name)
    {
        var copy = Path.Combine(Path.GetTempPath(), "lab-tests", $"analyze-{name}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(_dir))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }
}
