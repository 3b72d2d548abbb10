using Lab.BrowserLab.Cli;
using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Cli;

/// <summary>Every BrowserLab verb with a bad value for each option: one line naming it, exit 2 (issue 25 §2's audit).</summary>
public sealed class BrowserLabCliAuditTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _empty = Directory.CreateTempSubdirectory("lab-audit-").FullName;

    public void Dispose() => Directory.Delete(_empty, recursive: true);

    private static readonly Dictionary<string, string?> FreeStrings = new()
    {
        ["--schedule"] = "bogus",
        ["--path"] = "no-leading-slash",
        ["--out"] = "/proc/lab-cannot-write-here",
        ["--gateway"] = "example.com:80",
        ["--gateway-logs"] = "/nonexistent/gateway-run",
        ["--clients"] = "bogus",
    };

    [Fact]
    public async Task EveryOptionRefusesABadValueInOneLine()
    {
        await CliAudit.AssertEveryOptionRefusesABadValue(BrowserLabCli.Create, path => path switch
        {
            "fit" => [_empty],
            _ => [],
        }, FreeStrings, output.WriteLine);
    }

    [Fact]
    public void HelpWrapsAtAHundredColumnsWhenPiped() =>
        CliAudit.AssertHelpFitsAHundredColumns(BrowserLabCli.Create, output.WriteLine);
}
