using Lab.Probes.Cli;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Cli;

/// <summary>Every probe with a bad value for each option: one line naming it, exit 2 (issue 25 §2's audit).</summary>
public class ProbesCliAuditTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> FreeStrings = new()
    {
        ["--url"] = "http://example.com/x", // not on this machine
        ["--target"] = "example.com:80",
        ["--out"] = "/proc/lab-cannot-write-here",
        ["--pcap"] = "/proc/lab-cannot-write-here/handshake.pcapng",
        ["--windows-reg"] = "/nonexistent/tcpip-parameters.reg",
        ["--syn-alert"] = "bogus",
        ["--range"] = "bogus",
        ["--host-port-range"] = "bogus",
        ["--host-tw-reuse"] = "7",
    };

    [Fact]
    public async Task EveryOptionRefusesABadValueInOneLine()
    {
        await CliAudit.AssertEveryOptionRefusesABadValue(ProbesCli.Create, path => path switch
        {
            "http" or "pipeline" => ["--url", "http://127.0.0.1:1/x"],
            "frames" => ["--target", "127.0.0.1:1"],
            _ => [],
        }, FreeStrings, output.WriteLine);
    }

    [Fact]
    public void HelpWrapsAtAHundredColumnsWhenPiped() =>
        CliAudit.AssertHelpFitsAHundredColumns(ProbesCli.Create, output.WriteLine);
}
