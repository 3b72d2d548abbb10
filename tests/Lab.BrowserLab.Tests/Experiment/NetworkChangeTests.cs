using System.Text.Json;
using Lab.TestSupport;
using Xunit.Abstractions;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>
/// --network-down-after: the browser and its gateway in a network namespace the lab creates, the link taken down
/// and up during the watch. The network changes the report lists are the NetLog file's own events, a reload after
/// them is <c>network-change</c>, and its wait is measured from the NetLog's last change; the host's interfaces
/// are left as they were.
/// </summary>
public class NetworkChangeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheNetworkComingBackIsReadFromTheNetLogAndTheReloadAfterItIsANetworkChange()
    {
        var linksBefore = Command.Output("ip", "-o", "link");
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"network-change-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");

        var result = await CliRun.RunAsync("BrowserLab", TimeSpan.FromSeconds(90), "run", "--schedule", "once", "--watch-after", "14s",
            "--network-down-after", "2s", "--network-down-for", "3s", "--out", dir);

        output.WriteLine(result.Stdout + result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("navigations: 1", result.Stdout);
        Assert.Empty(OutputWidth.Problems(result.Stdout, "run")); // the summary in a pipe: prose within 100 columns (issue 25 §4)
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var change = report.RootElement.GetProperty("networkChange");
        var startedAt = report.RootElement.GetProperty("startedAt").GetDateTimeOffset();
        var (down, up) = (change.GetProperty("downAtMs").GetDouble(), change.GetProperty("upAtMs").GetDouble());
        Assert.InRange(up - down, 2900, 3500);

        // The changes are the NetLog file's own NETWORK_CONNECTIVITY_CHANGED / NETWORK_CHANGED events, read here without the lab's model.
        var inFile = NetworkChangesInNetLog(Path.Combine(dir, "netlog.json")).Where(c => c.At >= startedAt).ToList();
        var listed = change.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(inFile.Select(c => c.Type), listed.Select(c => c.GetProperty("connectionType").GetString()));
        Assert.All(inFile.Zip(listed), p => Assert.Equal((p.First.At - startedAt).TotalMilliseconds, p.Second.GetProperty("atMs").GetDouble(), tolerance: 0.1)); // the report keeps 0.1 ms
        Assert.Contains(inFile, c => c.Type == "CONNECTION_NONE" && (c.At - startedAt).TotalMilliseconds >= down - 5);
        Assert.Contains(inFile, c => c.Type != "CONNECTION_NONE" && (c.At - startedAt).TotalMilliseconds >= up - 5);

        // Every reload after the link went down came after a change the NetLog recorded: each is a network-change, its
        // wait counted from the NetLog's last change to another type before it.
        var reloads = change.GetProperty("reloads").EnumerateArray().ToList();
        Assert.NotEmpty(reloads);
        foreach (var reload in reloads)
        {
            Assert.Equal("network-change", reload.GetProperty("kind").GetString());
            var at = reload.GetProperty("atMs").GetDouble();
            var lastChange = inFile.Where(c => c.Type != "CONNECTION_NONE" && (c.At - startedAt).TotalMilliseconds < at).Max(c => (c.At - startedAt).TotalMilliseconds);
            Assert.Equal(at - lastChange, reload.GetProperty("afterLastChangeMs").GetDouble(), tolerance: 0.2);
        }
        var connection = report.RootElement.GetProperty("connections").EnumerateArray()
            .Single(c => c.GetProperty("portId").ValueKind == JsonValueKind.Number && c.GetProperty("portId").GetInt64() == reloads[0].GetProperty("portId").GetInt64());
        Assert.Equal("network-change", connection.GetProperty("request").GetString());
        Assert.Contains("[network-change]", File.ReadAllText(Path.Combine(dir, "report.md")));
        Assert.Equal(linksBefore, Command.Output("ip", "-o", "link"));
    }

    private static List<(DateTimeOffset At, string Type)> NetworkChangesInNetLog(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var constants = doc.RootElement.GetProperty("constants");
        var offset = long.Parse(constants.GetProperty("timeTickOffset").ToString());
        var types = constants.GetProperty("logEventTypes");
        var wanted = new[] { types.GetProperty("NETWORK_CONNECTIVITY_CHANGED").GetInt32(), types.GetProperty("NETWORK_CHANGED").GetInt32() };
        return doc.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => wanted.Contains(e.GetProperty("type").GetInt32()) && e.TryGetProperty("params", out var p) && p.TryGetProperty("new_connection_type", out _))
            .Select(e => (DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(e.GetProperty("time").GetString()!) + offset),
                e.GetProperty("params").GetProperty("new_connection_type").GetString()!))
            .ToList();
    }
}
