using Lab.Gateway.Cli;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Cli;

/// <summary>Every gateway verb with a bad value for each option: one line naming it, exit 2 (issue 25 §2's audit).</summary>
public sealed class GatewayCliAuditTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _empty = Directory.CreateTempSubdirectory("lab-audit-").FullName;

    public void Dispose() => Directory.Delete(_empty, recursive: true);

    private static readonly Dictionary<string, string?> FreeStrings = new()
    {
        ["--bind"] = "not-an-address",
        ["--http-port"] = "lots",
        ["--max-pending-output"] = "lots",
        ["--keepalive"] = "bogus",
        ["--logs"] = "/proc/lab-cannot-write-here",
        ["--log-max-size"] = "lots",
        ["--reason"] = "bogus",
    };

    [Fact]
    public async Task EveryOptionRefusesABadValueInOneLine()
    {
        var problems = await CliAudit.RunAsync(GatewayCli.Create, path => path switch
        {
            "analyze" => [_empty],
            "conn" => [_empty, "1"],
            _ => [],
        }, FreeStrings, TimeSpan.FromSeconds(20));
        foreach (var p in problems)
            output.WriteLine(p);
        Assert.Empty(problems);
    }

    [Fact]
    public void HelpWrapsAtAHundredColumnsWhenPiped()
    {
        var wide = CliAudit.HelpWiderThan(GatewayCli.Create, 100);
        foreach (var line in wide)
            output.WriteLine(line);
        Assert.Empty(wide);
    }
}
