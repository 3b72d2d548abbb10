using System.Text.Json;
using Lab.Probes.Kernel;
using Lab.Probes.Limits;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Limits;

public class LimitsTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tcpip-parameters.reg");

    [Fact]
    public void RegExportIsReadFromTheParametersKeyOnly()
    {
        var values = WindowsTcpParameters.ParseReg(Sample);

        Assert.Equal(65534, values["MaxUserPort"]);
        Assert.Equal(16000, values["MaxFreeTcbs"]);
        Assert.Equal(30, values["TcpTimedWaitDelay"]); // not the Interfaces subkey's 240
        Assert.Equal(120000, values["KeepAliveTime"]);
        Assert.False(values.ContainsKey("Hostname")); // a string, not a DWORD
    }

    [Fact]
    public void MaxHashTableSizeThatIsNotAPowerOfTwoIsFlagged()
    {
        var described = WindowsTcpParameters.Describe(WindowsTcpParameters.ParseReg(Sample));

        var hash = described.Single(v => v.Name == "MaxHashTableSize");
        Assert.Equal("65000", hash.Value);
        Assert.Equal("65000 is not a power of two", hash.Warning);
        Assert.Null(described.Single(v => v.Name == "MaxUserPort").Warning);
        Assert.StartsWith("not set", described.Single(v => v.Name == "TcpNumConnections").Value);
    }

    [Fact]
    public void ThePrintedWindowsPlanIsAValidExportOfTheSeedsValues()
    {
        var file = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.reg");
        File.WriteAllText(file, TuningPlan.Windows());
        var values = WindowsTcpParameters.ParseReg(file);
        File.Delete(file);

        Assert.Equal(65534, values["MaxUserPort"]);
        Assert.Equal(16000, values["MaxFreeTcbs"]);
        Assert.Equal(65536, values["MaxHashTableSize"]);
        Assert.Equal(30, values["TcpTimedWaitDelay"]);
        Assert.Equal(120000, values["KeepAliveTime"]);
        Assert.Equal(1000, values["KeepAliveInterval"]);
        Assert.All(WindowsTcpParameters.Describe(values), v => Assert.Null(v.Warning));
    }

    [Fact]
    public async Task LinuxValuesEqualProc()
    {
        var result = await CliRun.RunAsync("Probes", "limits", "--json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        string? Value(string name) => doc.RootElement.GetProperty("linux").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == name).GetProperty("value").GetString();

        Assert.Equal(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), Value("net.core.somaxconn"));
        Assert.Equal(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Trim().Replace('\t', ' '), Value("net.ipv4.ip_local_port_range"));
        Assert.Equal(File.ReadAllText("/proc/sys/net/ipv4/tcp_tw_reuse").Trim(), Value("net.ipv4.tcp_tw_reuse"));
        Assert.Equal(File.ReadAllText("/proc/sys/fs/nr_open").Trim(), Value("fs.nr_open"));
        Assert.Equal(File.Exists("/proc/sys/net/netfilter/nf_conntrack_max") ? File.ReadAllText("/proc/sys/net/netfilter/nf_conntrack_max").Trim() : "not loaded",
            Value("net.netfilter.nf_conntrack_max"));
        var (low, high) = Sysctl.EphemeralRange()!.Value;
        var derived = doc.RootElement.GetProperty("derived")[0].GetProperty("value").GetString();
        Assert.Equal((high - low + 1).ToString(), derived);
    }

    [Fact]
    public async Task MissingOrForeignRegFileIsExitCode2()
    {
        (await CliRun.RunAsync("Probes", "limits", "--windows-reg", "/nonexistent.reg")).AssertUsageError("does not exist");
        (await CliRun.RunAsync("Probes", "limits", "--windows-reg", "/etc/hostname")).AssertUsageError("not a registry export");
        (await CliRun.RunAsync("Probes", "limits", "plan", "--os", "beos")).AssertUsageError("--os");
    }
}
