using System.Text.Json;
using Lab.TestSupport;

namespace Lab.Probes.Tests.KeepAlive;

/// <summary>Across a veth pair between two private namespaces whose path dies silently, keepalive
/// notices within idle + interval × count (+1 s), and without keepalive nothing is noticed (bounded).</summary>
[Collection(KeepAliveRuns.Name)]
public class KeepAliveTests
{
    [Fact]
    public async Task KeepAliveNoticesADeadPathAndNoKeepAliveNeverDoes()
    {
        Assert.True(Environment.IsPrivilegedProcess, "probe keepalive needs root (as CI runs)");
        var result = await CliRun.RunAsync("Probes", "keepalive", "--idle", "2s", "--interval", "1s", "--count", "3", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var r = doc.RootElement;
        Assert.InRange(r.GetProperty("detectedAfterSeconds").GetDouble(), 2 + 1 * 3 - 0.5, 2 + 1 * 3 + 1);
        Assert.Equal("ETIMEDOUT", r.GetProperty("error").GetString());
        Assert.False(r.GetProperty("offLearned").GetBoolean());
        Assert.DoesNotContain("vethlab", Command.Output("ip", "link", "show")); // nothing left on the host
    }

    [Theory]
    [InlineData("--idle", "0s")]
    [InlineData("--interval", "2m")]
    [InlineData("--interval", "1.5s")]
    [InlineData("--idle", "2")]
    [InlineData("--count", "0")]
    public async Task BadSettingsAreExitCode2(string option, string value) =>
        (await CliRun.RunAsync("Probes", "keepalive", option, value)).AssertUsageError(option);
}
