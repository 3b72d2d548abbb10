using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>Bad input to <c>BrowserLab</c> is one line on stderr and exit code 2, and no browser starts.</summary>
public class CliTests
{
    [Theory]
    [InlineData("run", "--policy", "drop")]
    [InlineData("run", "--schedule", "0,1")]
    [InlineData("run", "--pause", "soon")]
    [InlineData("run", "--path", "no-slash")]
    [InlineData("run", "--gateway", "127.0.0.1")]
    [InlineData("run", "--gateway", "10.1.2.3:20001", "--gateway-logs", "/tmp")]
    [InlineData("run", "--gateway-logs", "/tmp")]
    [InlineData("matrix", "--trials", "0")]
    [InlineData("matrix", "--policies", "fin,nope")]
    public async Task BadInputIsOneLineAndExitCode2(params string[] args)
    {
        var result = await CliRun.RunAsync("BrowserLab", [.. args, "--out", Path.Combine(Path.GetTempPath(), "lab-tests", "browser-bad-input")]);
        result.AssertUsageError();
    }

    [Fact]
    public async Task UnreachableGatewayIsExitCode2()
    {
        var logs = Directory.CreateTempSubdirectory("lab-gw-logs-").FullName;
        var result = await CliRun.RunAsync("BrowserLab", "run", "--gateway", "127.0.0.1:1", "--gateway-logs", logs,
            "--out", Path.Combine(Path.GetTempPath(), "lab-tests", "browser-unreachable"));
        result.AssertUsageError("not reachable");
    }
}
