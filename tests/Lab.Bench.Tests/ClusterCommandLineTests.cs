using System.CommandLine;
using Lab.Bench.Cluster;
using Lab.Common.Cli;
using Lab.TestSupport;

namespace Lab.Bench.Tests;

/// <summary>bench cluster's command line (every option's bounds, one line and exit 2 for a mistake) and the
/// reading of Locust's CSV, without running Locust.</summary>
public sealed class ClusterCommandLineTests
{
    [Theory]
    [InlineData("--target: 10.0.0.1 is outside 127.0.0.0/8", "--target", "10.0.0.1:20001")]
    [InlineData("--target: 'gateway.example' is not an IPv4 address", "--target", "gateway.example:20001")]
    [InlineData("--target: '127.0.0.1' is not HOST:PORT", "--target", "127.0.0.1")]
    [InlineData("--client-addresses: 192.168.1.10 is outside 127.0.0.0/8", "--client-addresses", "127.0.0.2,192.168.1.10")]
    [InlineData("--workload: 'flood' is not a workload", "--workload", "flood")]
    [InlineData("--users: 30001 is out of range", "--users", "30001")]
    [InlineData("--duration: 11m is out of range", "--duration", "11m")]
    [InlineData("over what one process may open here", "--users", "25000", "--workers", "1")]
    [InlineData("too short for 5000 users", "--users", "5000", "--duration", "3s", "--workers", "4")]
    [InlineData("--client-hosts: 3 is out of range; use 0 to --workers (2)", "--client-hosts", "3")]
    [InlineData("cannot be used with --target", "--client-hosts", "1", "--target", "127.0.0.1:20001")]
    [InlineData("with --client-hosts each host has its own address", "--client-hosts", "2", "--client-addresses", "127.0.0.2")]
    [InlineData("--backlog: 0 is out of range", "--backlog", "0")]
    [InlineData("a --target's backlog is yours to set", "--backlog", "128", "--target", "127.0.0.1:20001")]
    public void OutOfBoundsOptionIsAUsageError(string message, params string[] args)
    {
        var parse = new RootCommand { ClusterCommand.Create() }.Parse(["cluster", .. args]);

        Assert.Empty(parse.Errors);
        var e = Assert.Throws<UsageException>(() => ClusterCommand.ToOptions(parse));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("outside 127.0.0.0/8", "--target", "192.168.1.1:20001")]
    [InlineData("unrecognized option '--bogus'", "--bogus")]
    public async Task CommandLineMistakeIsOneLineAndExitTwo(string message, params string[] args)
    {
        var run = await CliRun.RunAsync("LabBench", ["cluster", .. args]);

        run.AssertUsageError(message);
    }

    [Fact]
    public void LocustCsvKeepsAnErrorTextWithCommasAndQuotes()
    {
        var dir = Directory.CreateTempSubdirectory("lab-locust-csv-");
        var path = Path.Combine(dir.FullName, "run_failures.csv");
        File.WriteAllText(path, "Method,Name,Error,Occurrences\r\necho,64 B,\"AssertionError('closed after 3, not \"\"68\"\"')\",7\r\n");

        var failure = Assert.Single(LocustCsv.ReadFailures(path));
        dir.Delete(recursive: true);

        Assert.Equal(new LocustFailure("echo", "64 B", "AssertionError('closed after 3, not \"68\"')", 7), failure);
    }
}
