using System.Text.Json;
using Lab.TestSupport;
using Xunit.Abstractions;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary><c>clients</c> end to end with every installed client against the real gateway: the JSON shape
/// scripts rely on, and each client's own account (Chromium's NetLog, Firefox's MOZ_LOG, wget's log) equal to the gateway's
/// count of the same attempt. Never the counts themselves: those are the measurement.</summary>
public class ClientsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryClientUnderFinAndHttp400MatchesItsOwnLogAndTheDocumentedShape()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"clients-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        output.WriteLine($"artefacts: {dir}");
        // 16 attempts and 4 varied ones, three browsers among them waiting out the settle time: minutes on two busy cores.
        var result = await CliRun.RunAsync("BrowserLab", TimeSpan.FromMinutes(6), "clients", "--policies", "fin,http400", "--trials", "1", "--settle", "8s",
            "--clients", "chromium,firefox,curl,wget,httpc,httpclient,urllib,chromium-typed", "--vary", "--out", dir, "--json");
        output.WriteLine(result.Stderr);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("skipped", result.Stderr); // ./lab setup installs every client's package
        using var doc = JsonDocument.Parse(result.Stdout);
        var r = doc.RootElement;
        Assert.Matches(@"^127\.0\.0\.1:\d+$", r.GetProperty("gateway").GetString());
        var runs = r.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(8 * 2, runs.Count);
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
    }

    [Theory]
    [InlineData("--clients", "netscape", "is not one of")]
    [InlineData("--settle", "0s", "--settle")]
    [InlineData("--trials", "0", "--trials")]
    [InlineData("--policies", "tarpit", "--policies")]
    public async Task BadInputIsOneLineAndExitCode2(string option, string value, string mentions) =>
        (await CliRun.RunAsync("BrowserLab", "clients", option, value)).AssertUsageError(mentions);
}
