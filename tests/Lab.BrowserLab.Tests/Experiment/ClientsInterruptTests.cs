using System.Text.Json;
using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>Ctrl+C during <c>browser clients</c> (issue 25 §2): the attempt under way is dropped, no other starts,
/// clients.json and the table cover the attempts that ended, marked interrupted, and the exit is 130.</summary>
public class ClientsInterruptTests
{
    [Fact]
    public async Task SigintDuringTheThirdAttemptKeepsTheFirstTwo()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"clients-interrupt-{Guid.NewGuid().ToString("N")[..6]}");
        // wget keeps its own log: the attempts kept are checked against it as well as against the gateway's.
        var (run, signalToExit) = await InterruptedCliRun.RunAsync("BrowserLab",
            stderr => stderr.Contains("[3/10] fin, trial 3: wget"), TimeSpan.FromSeconds(60),
            "clients", "--policies", "fin", "--trials", "10", "--settle", "3s", "--clients", "wget", "--out", dir, "--json");

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.InRange(signalToExit, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Contains("[3/10] discarded: the signal came during it", run.Stderr);
        Assert.Equal(run.Stdout.Trim(), (await File.ReadAllTextAsync(Path.Combine(dir, "clients.json"))).Trim());
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(json.GetProperty("interrupted").GetBoolean());
        Assert.Equal(10, json.GetProperty("attemptsPlanned").GetInt32());
        var runs = json.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([1, 2], runs.Select(r => r.GetProperty("trial").GetInt32()));
        Assert.All(runs, r => Assert.Equal(r.GetProperty("connections").GetInt32(), r.GetProperty("clientOwnCount").GetInt32()));
        Assert.All(runs, r => Assert.True(r.GetProperty("connections").GetInt32() >= 1));
        Assert.Contains("**Interrupted:** 2 of 10 attempts ended before the signal", await File.ReadAllTextAsync(Path.Combine(dir, "clients.md")));
    }
}
