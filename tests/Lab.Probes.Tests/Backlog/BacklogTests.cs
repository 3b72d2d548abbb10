using System.Text.Json;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Backlog;

/// <summary>The accept queue and the SYN queue, observed as root in a private namespace: a full accept
/// queue holds backlog + 1 and leaves the rest in SYN_SENT until the listener accepts; dropped final
/// ACKs leave the server in SYN_RECV while the clients count ESTABLISHED, and the census alerts.</summary>
public class BacklogTests
{
    [Fact]
    public async Task FullAcceptQueueHoldsBacklogPlusOneThenDrains()
    {
        Assert.True(Environment.IsPrivilegedProcess, "probe backlog needs root (as CI runs)");
        var r = await RunAsync("--backlog", "4", "--clients", "20", "--duration", "6s");

        var waiting = r.GetProperty("samples").EnumerateArray().Where(s => s.GetProperty("phase").GetString() == "not accepting").ToList();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, s =>
        {
            Assert.Equal(5, s.GetProperty("acceptQueue").GetInt32());
            Assert.Equal(15, s.GetProperty("synSent").GetInt32());
            Assert.Equal(5, s.GetProperty("clientEstablished").GetInt32());
        });
        var counters = r.GetProperty("counters").GetProperty("ListenOverflows");
        Assert.True(counters[1].GetInt64() > counters[0].GetInt64(), "ListenOverflows must rise");
        var last = r.GetProperty("samples").EnumerateArray().Last();
        Assert.Equal(0, last.GetProperty("acceptQueue").GetInt32());
        Assert.Equal(0, last.GetProperty("synSent").GetInt32());
        Assert.Equal(20, last.GetProperty("clientEstablished").GetInt32());
    }

    [Fact]
    public async Task DroppedFinalAcksLeaveTheServerInSynRecvAndTheCensusAlerts()
    {
        Assert.True(Environment.IsPrivilegedProcess, "probe backlog needs root (as CI runs)");
        var r = await RunAsync("--half-open", "--backlog", "16", "--clients", "10", "--duration", "3s");

        var halfOpen = r.GetProperty("samples").EnumerateArray().Where(s => s.GetProperty("phase").GetString() == "half-open").ToList();
        Assert.NotEmpty(halfOpen);
        Assert.All(halfOpen, s =>
        {
            Assert.Equal(10, s.GetProperty("synRecv").GetInt32());
            Assert.Equal(s.GetProperty("synRecv").GetInt32(), s.GetProperty("clientEstablished").GetInt32());
        });
        Assert.True(r.GetProperty("censusSynFloodAlert").GetBoolean());
        Assert.DoesNotContain("lab_backlog", Command.Output("/usr/sbin/nft", "list", "tables")); // the rule lived in the namespace only
    }

    [Theory]
    [InlineData("--backlog", "0")]
    [InlineData("--clients", "5000")]
    [InlineData("--duration", "1s")]
    [InlineData("--seconds", "1s")]
    [InlineData("--duration", "6")]
    [InlineData("--target", "10.0.0.1:80")]
    [InlineData("--target", "127.0.0.1:1")]
    public async Task BadInputIsExitCode2(string option, string value) =>
        (await CliRun.RunAsync("Probes", "backlog", option, value)).AssertUsageError(option);

    /// <summary>Options that do nothing in a mode are refused, not ignored (issue 25): the probe's own listener's
    /// settings with --target (checked before the target is reached), --samples without --watch.</summary>
    [Theory]
    [InlineData("--half-open does nothing with --target", "backlog", "--target", "127.0.0.1:1", "--half-open")]
    [InlineData("--backlog does nothing with --target", "backlog", "--target", "127.0.0.1:1", "--backlog", "8")]
    [InlineData("--samples only goes with --watch", "census", "--samples", "3")]
    public async Task AnOptionThatDoesNothingInThisModeIsAUsageError(string says, params string[] args) =>
        (await CliRun.RunAsync("Probes", args)).AssertUsageError(says);

    private static async Task<JsonElement> RunAsync(params string[] args)
    {
        var result = await CliRun.RunAsync("Probes", ["backlog", .. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

}
