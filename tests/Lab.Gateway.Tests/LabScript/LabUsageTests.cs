using System.Diagnostics;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.LabScript;

/// <summary>./lab itself: a misspelt command is one line naming it and the commands, on stderr, exit 2 (not
/// the whole usage with no word about what was wrong).</summary>
public class LabUsageTests
{
    [Fact]
    public void AnUnknownCommandIsOneLineAndExitTwo()
    {
        var info = new ProcessStartInfo("bash", [RepoRoot.Path("lab"), "gatway"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var lab = Process.Start(info)!;
        var stderr = lab.StandardError.ReadToEnd();
        var stdout = lab.StandardOutput.ReadToEnd();
        lab.WaitForExit();

        Assert.Equal(2, lab.ExitCode);
        Assert.Equal("", stdout);
        Assert.Equal("lab: unknown command 'gatway'; the commands are setup, test, demo, browser, probe, bench, soak, fuzz, gateway (see ./lab help)", stderr.TrimEnd());
    }

    [Fact]
    public void TheUsageFitsAHundredColumns()
    {
        var info = new ProcessStartInfo("bash", [RepoRoot.Path("lab"), "help"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var lab = Process.Start(info)!;
        var stdout = lab.StandardOutput.ReadToEnd();
        var stderr = lab.StandardError.ReadToEnd();
        lab.WaitForExit();

        var lines = (stdout + stderr).Split('\n');
        Assert.Contains(lines, l => l.StartsWith("usage: ./lab COMMAND", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Length <= 100, $"{l.Length} columns: {l}"));
    }
}
