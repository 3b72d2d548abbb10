using Lab.Bench.Cli;
using Lab.TestSupport;

namespace Lab.Bench.Tests;

/// <summary>Every bench verb with a bad value for each option: one line naming it, exit 2 (issue 25 §2's audit).</summary>
public sealed class BenchCliAuditTests : IDisposable
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;
    private readonly string _files = Directory.CreateTempSubdirectory("lab-audit-").FullName;

    public BenchCliAuditTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        // What cluster-check needs to get past its files to the option under audit: a stats CSV and a gateway.clef.
        File.WriteAllText(Path.Combine(_files, "locust_stats.csv"), "");
        File.WriteAllText(Path.Combine(_files, "gateway.clef"), "");
    }

    public void Dispose() => Directory.Delete(_files, recursive: true);

    private static readonly Dictionary<string, string?> FreeStrings = new()
    {
        ["--only"] = "bogus",
        ["--servers"] = "nginx",
        ["--logs"] = "/proc/lab-cannot-write-here",
        ["--workload"] = "bogus",
        ["--duration"] = "soon",
        ["--target"] = "example.com:80",
        ["--client-addresses"] = "bogus",
        ["--locust-csv"] = "/nonexistent/locust",
        ["--gateway-logs"] = "/nonexistent/gateway-run",
    };

    [Fact]
    public async Task EveryOptionRefusesABadValueInOneLine()
    {
        await CliAudit.AssertEveryOptionRefusesABadValue(BenchCommand.Create, path => path switch
        {
            "cluster-check" => ["--locust-csv", Path.Combine(_files, "locust"), "--gateway-logs", _files],
            _ => [],
        }, FreeStrings, _output.WriteLine);
    }

    [Fact]
    public void HelpWrapsAtAHundredColumnsWhenPiped() =>
        CliAudit.AssertHelpFitsAHundredColumns(BenchCommand.Create, _output.WriteLine);
}
