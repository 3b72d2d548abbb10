using System.Globalization;
using System.Text.Json;
using Lab.Logs.Analysis;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>gateway.log's lines about the process as a whole (no port id) are known to the text reader:
/// skipped, never counted as unreadable. Its times are UTC when marked Z, an older gateway's local time when not.</summary>
public class TextLogLineTests
{
    // Real lines from a run at the descriptor limit (docs/gateway.md, "At the descriptor limit").
    public static TheoryData<string> ProcessLines =>
    [
        "2026-11-27 00:17:41.201 [INF] descriptors limit=256 inUse=161 reserve=32 headroom=8 capacity=55",
        "2026-11-27 00:17:41.236 [WRN] accept_failing local=127.0.0.1:20001 errno=EMFILE source=headroom limit=256 free=7 inUse=249 reserveReleased=32 (accepting paused; queued clients wait in the listen queue)",
        "2026-11-27 00:17:46.154 [INF] accept_recovered atLimitMs=3028 pauses=5 limit=256 inUse=222",
        "2026-11-27 00:17:46.787 [INF] totals accepted=120 atLimitPauses=5 acceptErrors=0 atLimitEpisodes=1 atLimitMs=3028 logWriteFailures=0",
        "2026-11-27 00:09:03.670 [WRN] descriptors_short state=begin limit=201 free=-28 inUse=229 poolThreads=4 (begin: fewer free than the headroom, the thread pool may not start threads until end)",
    ];

    [Theory]
    [MemberData(nameof(ProcessLines))]
    public void ProcessLinesAreKnownAndCarryNoConnection(string line)
    {
        Assert.True(TextLogLine.IsProcessLine(line));
        Assert.Null(TextLogLine.Parse(line));
    }

    [Theory]
    [InlineData("2026-11-27 00:17:41.201 [INF] something else limit=256")]
    [InlineData("descriptors limit=256 inUse=161")]
    [InlineData("2026-11-27 00:17:41.201 [INF] init ok #Port<0.3> peer=127.0.0.1:54410 local=127.0.0.1:20001 listener=frames connectionId=X")]
    public void OtherLinesAreNotProcessLines(string line) => Assert.False(TextLogLine.IsProcessLine(line));

    [Fact]
    public void ATimestampEndingInZIsUtc()
    {
        var utc = TextLogLine.Parse("2026-11-27 00:17:41.201Z [INF] init ok #Port<0.3> peer=127.0.0.1:54410 local=127.0.0.1:20001 listener=frames connectionId=X")!;

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 17, 41, 201, TimeSpan.Zero), utc.At);
        Assert.Equal(TimeSpan.Zero, utc.At.Offset);
        Assert.True(TextLogLine.IsProcessLine("2026-11-27 00:17:46.787Z [INF] totals accepted=120 atLimitPauses=5 acceptErrors=0 atLimitEpisodes=1 atLimitMs=3028 logWriteFailures=0"));
    }

    [Fact]
    public async Task AnOlderGatewaysLocalTimeIsReadInTheReadersZoneAndPrintedAsUtc()
    {
        // Read in-process on this machine (UTC) local time is UTC and no mistake shows: analyze runs in
        // Asia/Shanghai (UTC+8), where #3's lines, written without Z at 08:17 local, happened at 00:17 UTC.
        var dir = TestGateway.ArtifactDirectory("local-time-log");
        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, "gateway.log"),
        [
            "2026-11-27 08:17:41.201 [INF] init ok #Port<0.3> peer=127.0.0.1:38645 local=127.0.0.1:36111 listener=frames connectionId=A",
            "2026-11-27 08:17:41.251 [WRN] head_error #Port<0.3> peer=127.0.0.1:38645 headLength=1195725856 headLengthHex=0x47455420 " +
                "headHex=474554202F616E797468696E67204854 headAscii=\"GET /anything HT\" maxPacket=65536 origin=http(GET) policy=fin",
            "2026-11-27 08:17:41.252 [INF] do_terminate #Port<0.3> peer=127.0.0.1:38645 reason=head_error bytesIn=35 bytesOut=0 frames=0 requests=0 durationMs=51 closedBy=gateway closeKind=fin reply=none",
            // A newer gateway's line in the same run (rolled files of both): UTC already, not shifted.
            "2026-11-27 00:17:42.500Z [INF] init ok #Port<0.4> peer=127.0.0.1:38646 local=127.0.0.1:36111 listener=frames connectionId=B",
        ]);

        var json = await AnalyzeInShanghaiAsync(dir, "--json");
        var text = await AnalyzeInShanghaiAsync(dir);

        using var doc = JsonDocument.Parse(json);
        var connections = doc.RootElement.GetProperty("connections").EnumerateArray().ToList();
        Assert.Equal(0, doc.RootElement.GetProperty("summary").GetProperty("problemLines").GetInt32());
        Assert.Equal([3L, 4L], connections.Select(c => c.GetProperty("portId").GetInt64()));
        DateTimeOffset Time(int i, string field) => DateTimeOffset.Parse(connections[i].GetProperty(field).GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 17, 41, 201, TimeSpan.Zero), Time(0, "acceptedAt"));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 17, 41, 251, TimeSpan.Zero), Time(0, "headErrorAt"));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 17, 42, 500, TimeSpan.Zero), Time(1, "acceptedAt"));
        Assert.All(connections, c => Assert.EndsWith("+00:00", c.GetProperty("acceptedAt").GetString())); // UTC, marked
        Assert.Contains("#Port<0.3> 127.0.0.1:38645 00:17:41.201Z 50 ", text);
        Assert.Contains("#Port<0.4> 127.0.0.1:38646 00:17:42.500Z ", text);
        Assert.DoesNotContain("08:17:41", text);
    }

    private static async Task<string> AnalyzeInShanghaiAsync(params string[] args)
    {
        using var analyze = GatewayProcess.StartInTimeZone("Asia/Shanghai", ["analyze", .. args]);
        Assert.Equal(0, await analyze.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        return string.Join('\n', analyze.StdoutLines);
    }

    [Fact]
    public void AValueWithSpacesReadsWholeUpToTheNextFieldOfItsTemplate()
    {
        // Before the template said where a value ends, origin read as "tls(ClientHello" and the path as "/a".
        var head = TextLogLine.Parse("2026-11-27 00:17:41.201Z [WRN] head_error #Port<0.9> peer=127.0.0.1:5 headLength=369295616 headLengthHex=0x16030100 " +
                                     "headHex=16030100F4010000F003031122334455 headAscii=\"\\x16\\x03\\x01\\0 x=\\\"y\" maxPacket=65536 " +
                                     "origin=tls(ClientHello TLS 1.2 (TLS 1.3 also says 1.2 here)) policy=fin")!;
        Assert.Equal("tls(ClientHello TLS 1.2 (TLS 1.3 also says 1.2 here))", head.Fields["origin"]);
        Assert.Equal("\\x16\\x03\\x01\\0 x=\\\"y", head.Fields["headAscii"]);
        Assert.Equal("fin", head.Fields["policy"]);
        Assert.Equal(9, head.PortId);

        var request = TextLogLine.Parse("2026-11-27 00:17:41.201Z [INF] http_request #Port<0.4> peer=127.0.0.1:6 request=1 method=GET path=/a b=c protocol=HTTP/1.1")!;
        Assert.Equal("/a b=c", request.Fields["path"]);
        Assert.Equal("HTTP/1.1", request.Fields["protocol"]);
    }

    [Fact]
    public void ALineThatDoesNotFitItsTemplateIsReadAsKeyValuePairs()
    {
        // An older gateway's descriptors line had no headroom; a connection line with an extra field still names its connection.
        var old = TextLogLine.ParseEvent("2026-11-27 00:17:41.201 [INF] descriptors limit=256 inUse=161 reserve=32 capacity=55")!.Value;
        Assert.Equal(("descriptors", "256", "55"), (old.Event, old.Fields["limit"], old.Fields["capacity"]));
        var extra = TextLogLine.Parse("2026-11-27 00:17:41.201Z [INF] do_terminate #Port<0.12> peer=127.0.0.1:7 reason=peer_closed extra=1")!;
        Assert.Equal((12L, "peer_closed", "1"), (extra.PortId, extra.Fields["reason"], extra.Fields["extra"]));
    }
}
