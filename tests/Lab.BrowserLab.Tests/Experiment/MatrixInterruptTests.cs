using System.Text.Json;
using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>Ctrl+C during <c>browser matrix</c> (issue 25 §2): the run under way is left out, the runs before it
/// are the matrix's rows, matrix.json says interrupted, and the exit is 130.</summary>
public class MatrixInterruptTests
{
    [Fact]
    public async Task SigintDuringTheSecondRunKeepsTheFirstAsTheMatrix()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"matrix-interrupt-{Guid.NewGuid().ToString("N")[..6]}");
        var (run, signalToExit) = await InterruptedCliRun.RunAsync("BrowserLab",
            // In the second run's pause between its two steps: each run takes ten seconds and more without the signal.
            stderr => stderr.IndexOf("[2/2] policy rst, trial 1", StringComparison.Ordinal) is >= 0 and var at
                      && stderr.IndexOf("pausing", at, StringComparison.Ordinal) >= 0,
            TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(60),
            "matrix", "--policies", "fin,rst", "--trials", "1", "--schedule", "1,1", "--pause", "10s", "--out", dir, "--json");

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.InRange(signalToExit, TimeSpan.Zero, TimeSpan.FromSeconds(40));
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Contains("[2/2] left out of the matrix", run.Stderr);
        var matrix = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "matrix.json"))).RootElement;
        Assert.True(matrix.GetProperty("interrupted").GetBoolean());
        var row = Assert.Single(matrix.GetProperty("policies").EnumerateArray());
        Assert.Equal("fin", row.GetProperty("policy").GetString());
        Assert.Equal(1, row.GetProperty("trials").GetInt32());
        // The kept run is a whole one: its own report, not marked interrupted, with a navigation.
        var kept = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "fin-1", "report.json"))).RootElement;
        Assert.False(kept.GetProperty("interrupted").GetBoolean());
        Assert.Equal(2, kept.GetProperty("summary").GetProperty("navigations").GetInt32());
        var cut = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "rst-1", "report.json"))).RootElement;
        Assert.True(cut.GetProperty("interrupted").GetBoolean());
    }
}
