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
        var problems = await CliAudit.RunAsync(ProbesCli.Create, path => path switch
        {
            "http" or "pipeline" => ["--url", "http://127.0.0.1:1/x"],
            "frames" => ["--target", "127.0.0.1:1"],
            _ => [],
        }, FreeStrings, TimeSpan.FromSeconds(20));
        foreach (var p in problems)
            output.WriteLine(p);
        Assert.Empty(problems);
    }

    [Fact]
    public void HelpWrapsAtAHundredColumnsWhenPiped()
    {
        var wide = CliAudit.HelpWiderThan(ProbesCli.Create, 100);
        foreach (var line in wide)
            output.WriteLine(line);
        Assert.Empty(wide);
    }
}
