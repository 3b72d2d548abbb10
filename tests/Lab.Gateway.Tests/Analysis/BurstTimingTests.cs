using System.Text.Json;
using Lab.Logs.Analysis;
using Lab.Gateway.Tests.Support;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>Bursts follow when the requests arrived: a socket preconnected during one burst and used seconds
/// later belongs to the later one, and its silent sibling is paired with that burst.</summary>
public class BurstTimingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public void APreconnectedSocketUsedSecondsLaterJoinsTheLaterBurst()
    {
        var a = RunAnalyzer.Analyze(GatewayRun.Read(WriteRun()), Window);

        Assert.Equal([[3L, 4L, 5L], [6L, 8L, 9L]], a.Bursts.Select(b => b.PortIds.ToArray()));
        var later = a.Bursts[1];
        Assert.Equal(T0.AddMilliseconds(5000), later.Start); // #6's request, not its accept
        Assert.Equal(T0.AddMilliseconds(11), later.FirstAcceptedAt);
        Assert.Equal(T0.AddMilliseconds(5000), a.Connections.Single(c => c.PortId == 6).HeadErrorAt);

        var silent = Assert.Single(a.Silent);
        Assert.Equal(7, silent.PortId);
        Assert.Equal(later.Start, silent.BurstStart); // its sibling preconnect #6 carried the later request
        Assert.Equal(1, silent.BurstGapMs);
    }

    [Fact]
    public async Task AnalyzeReadsABrowserLabRunDirectoryThroughItsGatewayFolder()
    {
        var run = TestGateway.ArtifactDirectory("browserlab-run");
        Directory.CreateDirectory(run);
        Directory.Move(WriteRun(), Path.Combine(run, "gateway"));

        var result = await CliRun.RunAsync("Gateway", "analyze", run, "--json", "--window", "2s");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(Path.Combine(run, "gateway"), doc.RootElement.GetProperty("dir").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("bursts").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("connections")[0].TryGetProperty("headErrorAt", out _));
        Assert.True(doc.RootElement.GetProperty("bursts")[1].TryGetProperty("firstAcceptedAt", out _));
        Assert.Equal(1, doc.RootElement.GetProperty("silent")[0].GetProperty("burstGapMs").GetDouble());
    }

    /// <summary>A gateway.clef as the gateway writes it: three GETs in a burst; a preconnect (#6, #7) opened
    /// with them; five seconds later #6 carries the reload's request and two more sockets follow; #7 never
    /// sends a byte.</summary>
    private static string WriteRun()
    {
        var dir = TestGateway.ArtifactDirectory("burst-timing");
        Directory.CreateDirectory(dir);
        var lines = new List<(double Ms, string Json)>();
        void Connection(long id, int port, double accepted, double? request, double ended)
        {
            var peer = $"127.0.0.1:{port}";
            lines.Add((accepted, Event(accepted, "init_ok", id, $"\"peer\":\"{peer}\",\"local\":\"127.0.0.1:20001\",\"listener\":\"frames\",\"connectionId\":\"C{id}\"")));
            if (request is { } r)
                lines.Add((r, Event(r, "head_error", id, $"\"peer\":\"{peer}\",\"headLength\":1195725856,\"headLengthHex\":\"0x47455420\",\"headHex\":\"474554202F616E797468696E67204854\",\"headAscii\":\"GET /anything HT\",\"maxPacket\":65536,\"origin\":\"http(GET)\",\"policy\":\"fin\"")));
            var (reason, bytes, by) = request is null ? ("peer_closed", 0, "peer") : ("head_error", 653, "gateway");
            lines.Add((ended, Event(ended, "do_terminate", id, $"\"peer\":\"{peer}\",\"reason\":\"{reason}\",\"bytesIn\":{bytes},\"bytesOut\":0,\"frames\":0,\"requests\":0,\"durationMs\":{(long)(ended - accepted)},\"closedBy\":\"{by}\",\"closeKind\":\"fin\",\"reply\":\"none\"")));
        }
        Connection(3, 50001, 0, 2, 3);
        Connection(4, 50002, 5, 6, 7);
        Connection(5, 50003, 8, 9, 10);
        Connection(6, 50004, 11, 5000, 5001);
        Connection(7, 50005, 12, null, 3000);
        Connection(8, 50006, 5002, 5003, 5004);
        Connection(9, 50007, 5005, 5006, 5007);
        File.WriteAllLines(Path.Combine(dir, "gateway.clef"), lines.OrderBy(l => l.Ms).Select(l => l.Json));
        return dir;
    }

    private static string Event(double ms, string name, long portId, string fields) =>
        $"{{\"@t\":\"{T0.AddMilliseconds(ms):yyyy-MM-ddTHH:mm:ss.fffffffZ}\",\"@mt\":\"{name}\",\"portId\":{portId},{fields},\"EventId\":{{\"Id\":0,\"Name\":\"{name}\"}}}}";
}
