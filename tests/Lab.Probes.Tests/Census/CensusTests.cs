using Lab.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lab.Probes.Census;

namespace Lab.Probes.Tests.Census;

/// <summary>The census must count what <c>ss</c> counts for sockets this test holds in known states
/// (LISTEN, ESTABLISHED on both ends, TIME_WAIT), and name this process as their owner.</summary>
public class CensusTests
{
    [Fact]
    public async Task CountsEqualSsForTheTestsOwnSockets()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var held = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.LocalEndPoint!);
            held.Add(client);
            held.Add(await listener.AcceptAsync());
        }
        // One more, closed by the client first: the client's side goes to TIME_WAIT.
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(listener.LocalEndPoint!);
            using var server = await listener.AcceptAsync();
            client.Close();
            await server.ReceiveAsync(new byte[1], SocketFlags.None);
            server.Close();
        }
        // The kernel finishes the closes asynchronously: take both views once ss shows the settled states
        // (at most 10 s), and again if a state moved between the two readings.
        var census = new TcpCensus(port, processes: true, udp: false, SynAlert.Parse("50%"));
        var ss = SsStates(port);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); (ss.GetValueOrDefault("ESTABLISHED"), ss.GetValueOrDefault("TIME_WAIT")) != (6, 1) && DateTime.UtcNow < deadline; ss = SsStates(port))
            await Task.Delay(50);
        var sample = census.Take();
        for (var tries = 0; tries < 5 && !SameStates(sample, ss); tries++)
            (sample, ss) = (census.Take(), SsStates(port));

        Assert.Equal(ss, sample.States.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value));
        Assert.Equal(1, sample.States["LISTEN"]);
        Assert.Equal(6, sample.States["ESTABLISHED"]);
        Assert.Equal(1, sample.States["TIME_WAIT"]);
        Assert.All(sample.Rows.Where(r => r.State is "ESTABLISHED" or "LISTEN"), r => Assert.Equal(Environment.ProcessId, r.Pid));
        var row = Assert.Single(sample.Listeners);
        Assert.Equal(16, row.Backlog);
        Assert.Equal(8, row.AlertAt);
        Assert.False(row.SynFloodAlert);
        held.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task TheCensusLinePrintsUtcMarkedZWhateverTheTimeZone()
    {
        // Asia/Shanghai is UTC+8: a local time would be eight hours off (this machine runs on UTC, so only another zone shows it).
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var info = CliRun.StartInfo("Probes", ["census", "--port", port.ToString()]);
        info.Environment["TZ"] = "Asia/Shanghai";
        using var census = Process.Start(info)!;
        var stdout = census.StandardOutput.ReadToEndAsync();
        var stderr = census.StandardError.ReadToEndAsync();
        await census.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var now = DateTime.UtcNow;

        Assert.True(census.ExitCode == 0, await stderr);
        var first = (await stdout).Split('\n')[0];
        var m = System.Text.RegularExpressions.Regex.Match(first, $@"^(\d\d:\d\d:\d\d\.\d{{3}})Z TCP sockets, port {port}: .*LISTEN 1");
        Assert.True(m.Success, first);
        var at = TimeSpan.ParseExact(m.Groups[1].Value, @"hh\:mm\:ss\.fff", System.Globalization.CultureInfo.InvariantCulture);
        var behind = (now.TimeOfDay - at + TimeSpan.FromDays(1)).Ticks % TimeSpan.TicksPerDay; // across midnight too
        Assert.InRange(TimeSpan.FromTicks(behind), TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("50%", 4, 2)]
    [InlineData("50%", 5, 3)]
    [InlineData("10", 4096, 10)]
    [InlineData("1%", 4, 1)]
    public void AlertThresholdComesFromTheBacklog(string setting, int backlog, int expected) =>
        Assert.Equal(expected, SynAlert.Parse(setting).ThresholdFor(backlog));

    private static bool SameStates(CensusSample sample, Dictionary<string, int> ss) =>
        sample.States.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key).SequenceEqual(ss.OrderBy(kv => kv.Key));

    /// <summary>ss's own count per state for sockets on this port, in netstat's names.</summary>
    private static Dictionary<string, int> SsStates(int port)
    {
        var lines = Command.Output("ss", "-Htan", $"( sport = :{port} or dport = :{port} )").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(l => l.Split(' ', 2)[0] switch
            {
                "ESTAB" => "ESTABLISHED",
                "TIME-WAIT" => "TIME_WAIT",
                "SYN-SENT" => "SYN_SENT",
                "SYN-RECV" => "SYN_RECV",
                "FIN-WAIT-1" => "FIN_WAIT1",
                "FIN-WAIT-2" => "FIN_WAIT2",
                "CLOSE-WAIT" => "CLOSE_WAIT",
                "LAST-ACK" => "LAST_ACK",
                var other => other,
            })
            .GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
    }
}
