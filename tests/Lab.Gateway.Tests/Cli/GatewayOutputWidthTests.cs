using Lab.TestSupport;

namespace Lab.Gateway.Tests.Cli;

/// <summary><c>analyze</c> in a pipe (issue 25 §4), on the committed 35-minute run: tables up to 120 columns, prose
/// (the sections, the bursts, the notes) folded at 100. (<c>conn</c> prints a header and the log's own lines,
/// verbatim, for a reader to grep: nothing of it is folded.)</summary>
public class GatewayOutputWidthTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task AnalyzesTextFitsItsColumns()
    {
        var result = await CliRun.RunAsync("Gateway", "analyze", RepoRoot.Path("BrowserLab/results/20261204-once-35m/gateway"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("bursts (same client ip", result.Stdout);
        var problems = OutputWidth.Problems(result.Stdout, "analyze");
        foreach (var p in problems)
            output.WriteLine(p);
        Assert.Empty(problems);
    }
}
