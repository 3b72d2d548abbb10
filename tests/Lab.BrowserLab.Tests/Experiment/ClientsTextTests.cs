using System.Text.Json;
using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary><c>browser clients</c>' text in a pipe (issue 25 §4): a folded paragraph per client and policy (the
/// table is clients.md's, wider than a terminal), each saying what clients.json says.</summary>
public class ClientsTextTests
{
    [Fact]
    public async Task EachRowIsAParagraphWithinAHundredColumns()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"clients-text-{Guid.NewGuid().ToString("N")[..6]}");
        var run = await CliRun.RunAsync("BrowserLab", "clients", "--policies", "fin,http400", "--trials", "1", "--settle", "1s",
            "--clients", "curl,wget", "--out", dir);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Empty(OutputWidth.Problems(run.Stdout, "clients"));
        var lines = FoldedText.Lines(run.Stdout);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "clients.json")));
        var summary = json.RootElement.GetProperty("summary").EnumerateArray().ToList();
        Assert.Equal(4, summary.Count);
        foreach (var s in summary)
        {
            var head = $"{s.GetProperty("client").GetString()}, {s.GetProperty("policy").GetString()}: ";
            var line = Assert.Single(lines, l => l.StartsWith(head, StringComparison.Ordinal));
            Assert.StartsWith($"{head}{s.GetProperty("connectionsMedian").GetDouble():0.#} ({s.GetProperty("connectionsMin").GetInt32()}–{s.GetProperty("connectionsMax").GetInt32()}) connection(s)", line);
        }
        Assert.Contains(lines, l => l.StartsWith("report: ", StringComparison.Ordinal));
    }
}
