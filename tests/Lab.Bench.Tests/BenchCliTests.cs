using Lab.TestSupport;

namespace Lab.Bench.Tests;

/// <summary>LabBench's command line, as the other CLIs': bad input is one line naming the mistake and exit
/// code 2 before any server starts, and --help lists every command and option.</summary>
public class BenchCliTests
{
    [Theory]
    [InlineData("error: unrecognized option '--bogus' (see --help)", "--bogus")]
    [InlineData("error: unrecognized command 'sok'; the commands are soak, soak-check, chart, cluster, cluster-check (see --help)", "sok")]
    [InlineData("error: --only: unknown workload 'echo-2x64'; use echo-1x64, echo-10x64, echo-100x64, echo-100x4096, echo-1000x64, echo-10000x64, reject, echo-100x64-probe, reject-probe, burst, memory, capacity, http (see --help)", "--only", "echo-2x64")]
    [InlineData("--only", "--only", ",")]
    [InlineData("error: --servers: unknown server 'nginx'; use gateway, otp, kestrel, netty, go (see --help)", "--servers", "gateway,nginx")]
    [InlineData("error: --servers: name the gateway too; the bench measures it against the peers (see --help)", "--servers", "otp,go")]
    [InlineData("--logs", "soak", "--logs")]
    [InlineData("unrecognized option '--logs'", "--logs", "/tmp")]
    [InlineData("RESULTS.json: /nonexistent/results.json does not exist", "chart", "/nonexistent/results.json")]
    [InlineData("RUN_DIRECTORY: /nonexistent/run does not exist", "soak-check", "/nonexistent/run")]
    [InlineData("error: PORT: 'x' is not a whole number (see --help)", "hold-clients", "x", "5")]
    [InlineData("COUNT: 0 is out of range", "hold-clients", "20001", "0")]
    public async Task BadInputIsOneLineAndExitCode2(string mentions, params string[] args)
    {
        (await CliRun.RunAsync("LabBench", args)).AssertUsageError(mentions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithoutOnlyEveryWorkloadOfTheConfigurationRuns(bool quick)
    {
        // An option left out must mean "all": a parse that gave an empty --only ran a bench of no cells.
        var expected = quick ? BenchConfig.Quick : BenchConfig.Full;
        var config = Lab.Bench.Cli.BenchCommand.ConfigOf(Lab.Bench.Cli.BenchCommand.Create().Parse(quick ? ["--quick"] : []));

        Assert.Equal(expected.Workloads, config.Workloads);
        Assert.Equal(expected.ScalingLevels, config.ScalingLevels);
        Assert.Equal(expected.HttpRequests, config.HttpRequests);
        Assert.NotEmpty(config.Workloads);
        Assert.Equal(quick ? [ServerKind.Gateway, ServerKind.Otp, ServerKind.Kestrel] : BenchConfig.AllServers, config.Servers);
    }

    [Fact]
    public void ServersNarrowsTheRunToThoseNamedInTheBenchsOwnOrder()
    {
        var config = Lab.Bench.Cli.BenchCommand.ConfigOf(Lab.Bench.Cli.BenchCommand.Create().Parse(["--servers", "go,gateway", "--quick"]));

        Assert.Equal([ServerKind.Gateway, ServerKind.Go], config.Servers);
        Assert.Equal(BenchConfig.Quick.Workloads, config.Workloads);
    }

    [Fact]
    public void OnlyNarrowsTheRunToTheNamedWorkloadsAndScalingLevels()
    {
        var config = Lab.Bench.Cli.BenchCommand.ConfigOf(Lab.Bench.Cli.BenchCommand.Create().Parse(["--only", "memory,echo-1000x64,http"]));

        Assert.Equal(["memory", "echo-1000x64"], config.Workloads);
        Assert.Equal([1000], config.ScalingLevels);
        Assert.Equal(BenchConfig.Full.HttpRequests, config.HttpRequests);
    }

    [Fact]
    public async Task AFileThatIsNotResultsIsOneLineAndExitCode2()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("lab-bench-chart-").FullName, "not-results.json");
        File.WriteAllText(file, "{ not json");

        (await CliRun.RunAsync("LabBench", "chart", file)).AssertUsageError("is not a bench results file");
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public async Task HelpListsTheCommandsAndOptionsButNotTheInternalOne()
    {
        var help = await CliRun.RunAsync("LabBench", "--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var shown in new[] { "--quick", "--only <workload,…>", "--servers <server,…>", "--fail-on-miss", "soak", "soak-check <RUN_DIRECTORY>", "chart <RESULTS.json>" })
            Assert.Contains(shown, help.Stdout);
        Assert.DoesNotContain("hold-clients", help.Stdout);
    }

    [Fact]
    public void FailOnMissTurnsAnyMissIntoExit1AndOnlyThen()
    {
        // A run whose table line passes and whose HTTP calibration misses (probe http at half of ab's rate).
        var line = new BenchLine
        {
            Title = "echo 1 × 64 B", Workload = "echo-1x64", Metric = "perSecond", Unit = "frames/s", HigherIsBetter = true,
            Median = new Dictionary<string, double> { ["gateway"] = 2, ["otp"] = 1 },
            Range = new Dictionary<string, double[]> { ["gateway"] = [2, 2], ["otp"] = [1, 1] },
            ServerCpuSeconds = new Dictionary<string, double>(), GeneratorCpuSeconds = new Dictionary<string, double>(),
            Collections = new Dictionary<string, double[]>(),
            Targets = [new TargetCheck("≥ 1.25 × OTP", true, "2.00×")],
        };
        var passing = new BenchReport(DateTimeOffset.UnixEpoch, "Debug", 2, BenchConfig.Quick, [line], [new HttpCalibration.Row("nginx", "short", 100, 100, null)]);
        var missing = passing with { Http = [new HttpCalibration.Row("nginx", "short", 50, 100, null)] };
        var missingLine = passing with { Lines = [line with { Targets = [new TargetCheck("≥ 1.25 × OTP", false, "1.00×")] }] };

        Assert.Equal((0, null), Lab.Bench.Cli.BenchCommand.ExitOf(passing, failOnMiss: true));
        Assert.Equal((0, null), Lab.Bench.Cli.BenchCommand.ExitOf(missing, failOnMiss: false));
        Assert.Equal((1, "1 target(s) missed (--fail-on-miss): exit 1"), Lab.Bench.Cli.BenchCommand.ExitOf(missing, failOnMiss: true));
        Assert.Equal((1, "1 target(s) missed (--fail-on-miss): exit 1"), Lab.Bench.Cli.BenchCommand.ExitOf(missingLine, failOnMiss: true));
        Assert.Equal((1, "2 target(s) missed (--fail-on-miss): exit 1"), Lab.Bench.Cli.BenchCommand.ExitOf(missingLine with { Http = missing.Http }, failOnMiss: true));
    }
}
