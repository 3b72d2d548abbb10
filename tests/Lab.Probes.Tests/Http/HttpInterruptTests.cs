using System.Text.Json;
using Lab.Probes.Tests.Support;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Http;

/// <summary>Ctrl+C during <c>probe http --out DIR</c> (issue 25 §2): the run stops, every row it wrote is whole,
/// and summary.json says what was sent, marked interrupted; the exit is 130.</summary>
public class HttpInterruptTests(LabEndpointFixture endpoint) : IClassFixture<LabEndpointFixture>
{
    [Fact]
    public async Task SigintStopsTheLoadAndWritesTheSummaryOfWhatWasSent()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"http-interrupt-{Guid.NewGuid().ToString("N")[..6]}");
        // A minute per mode, both modes: without the signal this runs two minutes.
        var (run, signalToExit) = await InterruptedCliRun.RunAsync("Probes",
            stderr => stderr.Contains(" requests, 1 s of 1m"), TimeSpan.FromSeconds(30),
            "http", "--url", endpoint.Url("/interrupt").ToString(), "--mode", "both", "--duration", "1m", "-c", "4", "--out", dir);

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.InRange(signalToExit, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Contains("interrupted (SIGINT)", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "summary.json")));
        Assert.True(summary.RootElement.GetProperty("interrupted").GetBoolean());
        var modes = summary.RootElement.GetProperty("modes");
        // The signal came during the short mode: keep-alive never started.
        Assert.Equal(["short"], modes.EnumerateObject().Select(m => m.Name));
        var shortMode = modes.GetProperty("short");
        Assert.InRange(shortMode.GetProperty("seconds").GetDouble(), 1, 15);

        // The rows on disk are the independent record: whole lines, as many as the summary counts.
        var requests = WholeRows(Path.Combine(dir, "requests.csv"));
        var connections = WholeRows(Path.Combine(dir, "connections.csv"));
        Assert.NotEmpty(requests);
        Assert.Equal(shortMode.GetProperty("requests").GetInt32(), requests.Count);
        Assert.Equal(shortMode.GetProperty("ok").GetInt32(), requests.Count(r => r[6] == "200"));
        Assert.Equal(shortMode.GetProperty("connectionsOpened").GetInt32(), connections.Count);
        Assert.Equal(requests.Count, connections.Sum(c => int.Parse(c[4])));
    }

    /// <summary>The data rows of a CSV that ends with a newline and whose every row has the header's field count.</summary>
    private static List<string[]> WholeRows(string path)
    {
        var text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        var lines = text.TrimEnd('\n').Split('\n');
        var fields = lines[0].Split(',').Length;
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(fields, r.Length));
        return rows;
    }
}
