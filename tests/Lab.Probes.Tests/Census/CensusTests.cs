using Lab.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lab.Probes.Census;

namespace Lab.Probes.Tests.Census;

/// <summary>The census must count what <c>ss</c> counts, row for row, for sockets this test holds in known
/// states (LISTEN, ESTABLISHED on both ends, TIME_WAIT) and for strangers an earlier server left on the
/// port, and name this process as its own sockets' owner.</summary>
public class CensusTests
{
    [Fact]
    public async Task RowsEqualSsForTheTestsOwnSocketsAndEarlierStrangers()
    {
        // Strangers first, as the suite leaves them: an earlier server on the same port whose clients closed first
        // leaves their TIME_WAIT sockets (peer port = this port), and the kernel hands the port out again.
        var (port, strangers) = await PortWithStrangersAsync();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(16);
        var held = new List<Socket>();
        var own = new HashSet<(string State, string Local, string Remote)> { ("LISTEN", listener.LocalEndPoint!.ToString()!, "0.0.0.0:0") };
        for (var i = 0; i < 3; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.LocalEndPoint!);
            held.Add(client);
            var server = await listener.AcceptAsync();
            held.Add(server);
            own.Add(("ESTABLISHED", client.LocalEndPoint!.ToString()!, client.RemoteEndPoint!.ToString()!));
            own.Add(("ESTABLISHED", server.LocalEndPoint!.ToString()!, server.RemoteEndPoint!.ToString()!));
        }
        // One more, closed by the client first: the client's side goes to TIME_WAIT.
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(listener.LocalEndPoint!);
            using var server = await listener.AcceptAsync();
            own.Add(("TIME_WAIT", client.LocalEndPoint!.ToString()!, client.RemoteEndPoint!.ToString()!));
            client.Close();
            await server.ReceiveAsync(new byte[1], SocketFlags.None);
            server.Close();
        }
        // Both views must count the strangers alike; the test's own sockets are checked by their endpoints.
        // The kernel finishes the closes asynchronously: take both views once ss shows the test's sockets settled
        // (at most 10 s), and again if a socket moved between the two readings.
        var census = new TcpCensus(port, processes: true, udp: false, SynAlert.Parse("50%"));
        var ss = SsRows(port);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !own.Concat(strangers).All(ss.Contains) && DateTime.UtcNow < deadline; ss = SsRows(port))
            await Task.Delay(50);
        var sample = census.Take();
        for (var tries = 0; tries < 5 && !ss.SetEquals(RowsOf(sample)); tries++)
            (sample, ss) = (census.Take(), SsRows(port));

        Assert.Equal(ss.OrderBy(r => r), RowsOf(sample).OrderBy(r => r));
        Assert.Equal(ss.GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count()), sample.States.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value));
        Assert.Subset(RowsOf(sample), own);
        Assert.Subset(RowsOf(sample), strangers);
        // The listener and the six ESTABLISHED ends are this process's; a TIME_WAIT socket has no owner left.
        Assert.All(sample.Rows.Where(r => own.Contains((r.State, r.Local, r.Remote)) && r.State != "TIME_WAIT"), r => Assert.Equal(Environment.ProcessId, r.Pid));
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

    /// <summary>A free port whose earlier server's two clients closed first: their TIME_WAIT sockets stay
    /// (60 s) after the server is gone, counted on this port by their peer address.</summary>
    private static async Task<(int Port, HashSet<(string State, string Local, string Remote)> Strangers)> PortWithStrangersAsync()
    {
        using var earlier = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        earlier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        earlier.Listen(4);
        var strangers = new HashSet<(string State, string Local, string Remote)>();
        for (var i = 0; i < 2; i++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(earlier.LocalEndPoint!);
            using var server = await earlier.AcceptAsync();
            strangers.Add(("TIME_WAIT", client.LocalEndPoint!.ToString()!, client.RemoteEndPoint!.ToString()!));
            client.Close();
            await server.ReceiveAsync(new byte[1], SocketFlags.None);
        }
        return (((IPEndPoint)earlier.LocalEndPoint!).Port, strangers);
    }

    private static HashSet<(string State, string Local, string Remote)> RowsOf(CensusSample sample) =>
        sample.Rows.Select(r => (r.State, r.Local, r.Remote)).ToHashSet();

    /// <summary>ss's own rows for sockets on this port: state in netstat's names, local and peer address
    /// (a listener's peer <c>*</c> written as port 0, as an endpoint prints it).</summary>
    private static HashSet<(string State, string Local, string Remote)> SsRows(int port)
    {
        var lines = Command.Output("ss", "-Htan", $"( sport = :{port} or dport = :{port} )").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(f => (f[0] switch
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
            }, f[3], f[4].EndsWith(":*") ? f[4][..^1] + "0" : f[4]))
            .ToHashSet();
    }
}
