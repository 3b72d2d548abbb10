using System.Text.Json;
using Lab.Logs.Analysis;
using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>Ctrl+C during <c>browser run</c> (issue 25 §2): the pause under way ends, no further step starts,
/// Chromium is closed properly (its NetLog is whole), and report.json covers the navigation that ran, marked
/// interrupted; the exit is 130.</summary>
public class RunInterruptTests
{
    [Fact]
    public async Task SigintInThePauseReportsTheFirstStepAndClosesChromium()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"run-interrupt-{Guid.NewGuid().ToString("N")[..6]}");
        // Three steps 30 s apart: without the signal this runs a minute.
        var (run, signalToExit) = await InterruptedCliRun.RunAsync("BrowserLab",
            stderr => stderr.Contains("pausing 30s"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60),
            "run", "--schedule", "1,1,1", "--pause", "30s", "--out", dir, "--json");

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.InRange(signalToExit, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Contains("cut short by the signal", run.Stderr);
        var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "report.json"))).RootElement;
        Assert.True(report.GetProperty("interrupted").GetBoolean());
        Assert.Equal(1, report.GetProperty("summary").GetProperty("navigations").GetInt32());
        // Chromium closed as usual: its NetLog is a whole JSON document.
        using (JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "netlog.json")))) { }
        // Every connection the gateway logged is in the report.
        var gateway = GatewayRun.Read(Path.Combine(dir, "gateway"));
        Assert.NotEmpty(gateway.FrameConnections);
        Assert.Equal(gateway.FrameConnections.Count(), report.GetProperty("connections").GetArrayLength());
        Assert.Contains("interrupted: stopped by a signal after 1 of the schedule's navigations", await File.ReadAllTextAsync(Path.Combine(dir, "report.md")));
    }
}
