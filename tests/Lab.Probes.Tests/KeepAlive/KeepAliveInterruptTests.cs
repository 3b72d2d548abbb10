using System.Diagnostics;
using Lab.TestSupport;

namespace Lab.Probes.Tests.KeepAlive;

/// <summary>Ctrl+C during a probe that runs a copy of itself in a private namespace (issue 25 §2): the probe says it
/// was interrupted before a result, exits 130, and the copy inside is not left running.</summary>
[Collection(KeepAliveRuns.Name)]
public class KeepAliveInterruptTests
{
    [Fact]
    public async Task SigintStopsTheCopyInsideTheNamespaceToo()
    {
        var (run, signalToExit) = await InterruptedCliRun.RunAsync("Probes",
            stderr => stderr.Contains("dies silently", StringComparison.Ordinal), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20),
            "keepalive");

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.InRange(signalToExit, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains("interrupted (SIGINT) before a result: nothing measured was written", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Empty(run.Stdout);
        // The copy inside would run on for seconds: it was killed with its parent's interrupt.
        await Task.Delay(300);
        Assert.Empty(Inside());
    }

    private static List<string> Inside()
    {
        var info = new ProcessStartInfo("pgrep", ["-af", "Probes.dll keepalive --inside-netns"]) { RedirectStandardOutput = true };
        using var pgrep = Process.Start(info)!;
        var lines = pgrep.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        pgrep.WaitForExit();
        return lines;
    }
}
