using System.Text.Json;
using Lab.TestSupport;
using Xunit.Abstractions;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary><c>clients</c> end to end with every installed client against the real gateway: the JSON shape
/// scripts rely on, each client's own account (Chromium's NetLog, Firefox's MOZ_LOG, wget's log) equal to the gateway's
/// count of the same attempt, its retries equal to its own log's, and its error in its own words. Never the counts
/// themselves: those are the measurement.</summary>
public class ClientsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryClientUnderFinAndHttp400MatchesItsOwnLogAndTheDocumentedShape()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"clients-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        output.WriteLine($"artefacts: {dir}");
        // 16 attempts and 4 varied ones, three browsers among them waiting out the settle time: minutes on two busy cores.
        var result = await CliRun.RunAsync("BrowserLab", TimeSpan.FromMinutes(6), "clients", "--policies", "fin,http400", "--trials", "1", "--settle", "8s",
            "--clients", "chromium,firefox,curl,wget,httpc,httpclient,urllib,chromium-typed", "--vary", "--screenshots", "--out", dir, "--json");
        output.WriteLine(result.Stderr);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("skipped", result.Stderr); // ./lab setup installs every client's package
        using var doc = JsonDocument.Parse(result.Stdout);
        var r = doc.RootElement;
        var gateway = r.GetProperty("gateway").GetString()!;
        Assert.Matches(@"^127\.0\.0\.1:\d+$", gateway);
        var runs = r.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(8 * 2, runs.Count);
        // Every client's words and retries against what they should be, all listed at once: a run takes minutes.
        var wrong = new List<string>();
        foreach (var run in runs)
            wrong.AddRange(OwnAccountProblems(run, Path.Combine(dir, run.GetProperty("policy").GetString()!), gateway, varied: false));
        foreach (var run in r.GetProperty("vary").GetProperty("runs").EnumerateArray())
            wrong.AddRange(OwnAccountProblems(run, Path.Combine(dir, "vary", run.GetProperty("policy").GetString()!), gateway, varied: true));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        foreach (var run in runs)
        {
            var name = run.GetProperty("client").GetString();
            Assert.Contains(name, new[] { "chromium", "chromium-typed", "firefox", "curl", "wget", "httpc", "httpclient", "urllib" });
            Assert.Contains(run.GetProperty("policy").GetString(), new[] { "fin", "http400" });
            Assert.Equal(1, run.GetProperty("trial").GetInt32());
            var connections = run.GetProperty("connections").GetInt32();
            Assert.True(connections >= 1, $"{name}: the gateway saw no connection");
            Assert.InRange(run.GetProperty("withRequest").GetInt32(), 0, connections);
            var span = run.GetProperty("spanMs").GetDouble();
            if (connections == 1)
                Assert.Equal(0, span); // first to last connection: one connection spans nothing
            else
                Assert.True(span > 0, $"{name}: {connections} connections in no time at all");
            Assert.False(string.IsNullOrWhiteSpace(run.GetProperty("clientError").GetString()));
            var own = run.GetProperty("clientOwnCount");
            var hasLog = name is "chromium" or "chromium-typed" or "firefox" or "wget";
            Assert.Equal(hasLog ? JsonValueKind.Number : JsonValueKind.Null, own.ValueKind);
            Assert.Equal(hasLog ? JsonValueKind.Number : JsonValueKind.Null, run.GetProperty("clientOwnRetries").ValueKind);
            // Its own log and the gateway's agree exactly; a client stopped mid-connect may not have logged its
            // last connection (or the gateway not yet accepted it), and only that one.
            if (hasLog && !run.GetProperty("cutOff").GetBoolean())
                Assert.True(own.GetInt32() == connections, $"{name} {run.GetProperty("policy")}: its own log shows {own}, the gateway {connections}");
            else if (hasLog)
                Assert.True(Math.Abs(own.GetInt32() - connections) <= 1, $"{name} {run.GetProperty("policy")} (cut off): its own log shows {own}, the gateway {connections}");
        }
        var summary = r.GetProperty("summary").EnumerateArray().ToList();
        Assert.Equal(16, summary.Count);
        foreach (var s in summary)
        {
            var matching = runs.Single(x => x.GetProperty("client").GetString() == s.GetProperty("client").GetString()
                                            && x.GetProperty("policy").GetString() == s.GetProperty("policy").GetString());
            Assert.Equal(matching.GetProperty("connections").GetInt32(), s.GetProperty("connectionsMin").GetInt32());
            Assert.Equal(matching.GetProperty("connections").GetInt32(), s.GetProperty("connectionsMax").GetInt32());
            Assert.Equal(matching.GetProperty("connections").GetDouble(), s.GetProperty("connectionsMedian").GetDouble());
        }
        // --vary: the clients whose bound is a setting, re-run with it lowered; the count follows the setting.
        var vary = r.GetProperty("vary");
        Assert.Equal(["firefox", "wget"], vary.GetProperty("settings").EnumerateObject().Select(p => p.Name).Order());
        foreach (var run in vary.GetProperty("runs").EnumerateArray())
        {
            var name = run.GetProperty("client").GetString()!;
            var connections = run.GetProperty("connections").GetInt32();
            if (!run.GetProperty("cutOff").GetBoolean())
                Assert.Equal(connections, run.GetProperty("clientOwnCount").GetInt32());
            Assert.InRange(connections, 1, name == "firefox" ? 3 : 2); // max-attempts 3; --tries=2
            if (run.GetProperty("policy").GetString() == "fin")
            {
                var unvaried = runs.Single(x => x.GetProperty("client").GetString() == name && x.GetProperty("policy").GetString() == "fin");
                Assert.True(connections <= unvaried.GetProperty("connections").GetInt32(), $"{name}: {connections} with the setting lowered");
            }
        }
        Assert.True(File.Exists(Path.Combine(dir, "clients.md")));
        Assert.True(new FileInfo(Path.Combine(dir, "clients.png")).Length > 1000);
        Assert.Equal(result.Stdout.Trim(), File.ReadAllText(Path.Combine(dir, "clients.json")).Trim());
        await ClientsPageChecks.AssertAsync(dir);
        var shot = File.ReadAllBytes(Path.Combine(dir, "report-views", "clients-html.png")); // --screenshots: the page, its header read here
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], shot[..4]);
    }

    /// <summary>Each client's final error in its own words (those of docs/browserlab.md's real runs) when the gateway
    /// closes after the head (fin) or answers 400, never the lab's parse of it; wget and Firefox re-run with their
    /// setting lowered (vary) where that changes what they say.</summary>
    private static readonly Dictionary<(string Client, string Policy), string> OwnWords = new()
    {
        [("chromium", "fin")] = "ERR_EMPTY_RESPONSE",
        [("chromium-typed", "fin")] = "ERR_EMPTY_RESPONSE",
        [("firefox", "fin")] = "0x804b0014 (NS_ERROR_NET_RESET)",
        [("curl", "fin")] = "curl: (52) Empty reply from server",
        [("wget", "fin")] = "stopped after 8 s, still trying (HTTP request sent, awaiting response... No data received.)", // --tries 20, back-off 1, 2, 3 s…
        [("httpc", "fin")] = "{error,socket_closed_remotely}",
        [("httpclient", "fin")] = "HttpRequestException (HttpIOException: The response ended prematurely. (ResponseEnded))",
        [("urllib", "fin")] = "RemoteDisconnected: Remote end closed connection without response",
        [("chromium", "http400")] = "HTTP 400",
        [("chromium-typed", "http400")] = "no net error: the page got a response",
        [("firefox", "http400")] = "HTTP 400",
        [("curl", "http400")] = "HTTP 400",
        [("wget", "http400")] = "exit 8: ERROR 400: Bad Request.",
        [("httpc", "http400")] = "HTTP 400",
        [("httpclient", "http400")] = "HTTP 400",
        [("urllib", "http400")] = "HTTPError: HTTP Error 400: Bad Request",
    };

    /// <summary>What is wrong with one run's error and retries: its words against <see cref="OwnWords"/>; its retries
    /// against its own log in <paramref name="policyDir"/>, counted here (Chromium's NetLog by ReportShape, Firefox's
    /// "restarting transaction" lines, wget's "Retrying." lines), and each of wget's retries a new connection.</summary>
    private static IEnumerable<string> OwnAccountProblems(JsonElement run, string policyDir, string gateway, bool varied)
    {
        var (name, policy) = (run.GetProperty("client").GetString()!, run.GetProperty("policy").GetString()!);
        var error = run.GetProperty("clientError").GetString();
        var words = varied && (name, policy) is ("wget", "fin") ? "exit 4: Giving up." : OwnWords[(name, policy)]; // --tries=2: gives up in 1 s
        if (error != words)
            yield return $"{name} {policy}{(varied ? " (varied)" : "")}: said '{error}', expected '{words}'";
        var work = Path.Combine(policyDir, $"{name}-{run.GetProperty("trial").GetInt32()}");
        int? counted = name switch
        {
            "chromium" or "chromium-typed" => ReportShape.RestartsInNetLog(Path.Combine(work, "netlog.json"), gateway),
            "firefox" => Directory.GetFiles(work, "firefox*moz_log").Sum(f => File.ReadLines(f).Count(l => l.Contains("restarting transaction", StringComparison.Ordinal))),
            "wget" => File.ReadLines(Path.Combine(work, "wget.log")).Count(l => l.Trim() == "Retrying."),
            _ => null,
        };
        var retries = run.GetProperty("clientOwnRetries") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : (int?)null;
        if (retries != counted)
            yield return $"{name} {policy}{(varied ? " (varied)" : "")}: {retries?.ToString() ?? "null"} retries reported, its own log in {work} shows {counted?.ToString() ?? "none"}";
        if (name == "wget" && run.GetProperty("clientOwnCount").GetInt32() - retries is var fresh
            && !(fresh == 1 || (fresh == 0 && run.GetProperty("cutOff").GetBoolean())))
            yield return $"wget {policy}: {run.GetProperty("clientOwnCount")} connections for {retries} retries (each retry connects again)";
    }

    [Theory]
    [InlineData("--clients", "netscape", "is not one of")]
    [InlineData("--settle", "0s", "--settle")]
    [InlineData("--trials", "0", "--trials")]
    [InlineData("--policies", "tarpit", "--policies")]
    public async Task BadInputIsOneLineAndExitCode2(string option, string value, string mentions) =>
        (await CliRun.RunAsync("BrowserLab", "clients", option, value)).AssertUsageError(mentions);
}
