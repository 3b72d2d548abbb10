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
        await CliAudit.AssertEveryOptionRefusesABadValue(GatewayCli.Create, path => path switch
        {
            "analyze" => [_empty],
            "conn" => [_empty, "1"],
            _ => [],
        }, FreeStrings, output.WriteLine);
    }

    [Fact]
    public void HelpWrapsAtAHundredColumnsWhenPiped() =>
        CliAudit.AssertHelpFitsAHundredColumns(GatewayCli.Create, output.WriteLine);
}
