using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>Bad input to <c>BrowserLab</c> is one line on stderr naming the mistake and exit code 2, and no browser starts.</summary>
public class CliTests
{
    [Theory]
    [InlineData("error: --policy: 'drop' is not one of fin, rst, http400, hold (see --help)", "run", "--policy", "drop")]
    [InlineData("--schedule", "run", "--schedule", "0,1")]
    [InlineData("error: --pause: 'soon' is not a duration; write e.g. 500ms, 2s or 5m (at most 24h) (see --help)", "run", "--pause", "soon")]
    [InlineData("error: --pause: '15' has no unit; write 15s (or 15ms, 15m) (see --help)", "run", "--pause", "15")]
    [InlineData("error: --watch-after: '40' has no unit; write 40s (or 40ms, 40m) (see --help)", "run", "--watch-after", "40")]
    [InlineData("--idle-timeout: '10' has no unit", "matrix", "--idle-timeout", "10")]
    [InlineData("error: --hide-after and --offline-after together: give one (each run measures one condition)", "run", "--watch-after", "10s", "--hide-after", "2s", "--offline-after", "3s")]
    [InlineData("error: --leave-after 10s is not within --watch-after (10s): the page must still be watched after it", "run", "--watch-after", "10s", "--leave-after", "10s")]
    [InlineData("error: --network-down-after 5s + --network-down-for 10s is not within --watch-after (15s)", "run", "--watch-after", "15s", "--network-down-after", "5s")]
    [InlineData("error: --network-down-after with --hide-after, --leave-after or --offline-after: give one", "run", "--watch-after", "60s", "--network-down-after", "5s", "--hide-after", "2s")]
    [InlineData("error: --network-down-after runs the browser and its gateway in a lab namespace: it cannot use a running --gateway", "run", "--watch-after", "60s", "--network-down-after", "5s", "--gateway", "127.0.0.1:1")]
    [InlineData("error: --hide-after needs --watch-after: without it the browser closes right after the last navigation", "run", "--hide-after", "2s")]
    [InlineData("--path", "run", "--path", "no-slash")]
    [InlineData("error: --gateway: '127.0.0.1' is not HOST:PORT (e.g. 127.0.0.1:20001)", "run", "--gateway", "127.0.0.1")]
    [InlineData("--gateway: 10.1.2.3:20001 is not on this machine", "run", "--gateway", "10.1.2.3:20001", "--gateway-logs", "/tmp")]
    [InlineData("--gateway-logs only goes with --gateway", "run", "--gateway-logs", "/tmp")]
    [InlineData("--trials", "matrix", "--trials", "0")]
    [InlineData("error: --policies: 'nope' is not a policy; use fin, rst, http400 or hold", "matrix", "--policies", "fin,nope")]
    [InlineData("error: --policies: 'foo' is not a policy; use fin, rst, http400 or hold", "matrix", "--policies", "fin,foo")]
    [InlineData("error: unrecognized command 'matrx'; the commands are run, matrix, clients, fit (see --help)", "matrx")]
    public async Task BadInputIsOneLineAndExitCode2(string mentions, params string[] args)
    {
        var result = await CliRun.RunAsync("BrowserLab", [.. args, "--out", Path.Combine(Path.GetTempPath(), "lab-tests", "browser-bad-input")]);
        result.AssertUsageError(mentions);
    }

    /// <summary>--out naming a file (or a path under one) is a usage error for every verb that writes a directory, not an IOException.</summary>
    [Theory]
    [InlineData("run")]
    [InlineData("matrix")]
    [InlineData("clients")]
    public async Task OutOnAFileIsOneLineAndExitCode2(string verb)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("lab-out-file-").FullName, "report.txt");
        File.WriteAllText(file, "not a directory");

        (await CliRun.RunAsync("BrowserLab", verb, "--out", file)).AssertUsageError($"--out {file} is a file: give a directory");
        (await CliRun.RunAsync("BrowserLab", verb, "--out", Path.Combine(file, "sub"))).AssertUsageError($"{file} is a file, so the directory cannot be made there");
        Assert.Equal("not a directory", File.ReadAllText(file));
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
