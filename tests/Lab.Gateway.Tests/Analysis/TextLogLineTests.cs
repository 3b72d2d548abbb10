using Lab.Gateway.Analysis;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>gateway.log's lines about the process as a whole (no port id) are known to the text reader:
/// skipped, never counted as unreadable.</summary>
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
    public void ATimestampEndingInZIsUtcAndOneWithoutIsLocalTime()
    {
        const string message = " [INF] init ok #Port<0.3> peer=127.0.0.1:54410 local=127.0.0.1:20001 listener=frames connectionId=X";
        var utc = TextLogLine.Parse("2026-11-27 00:17:41.201Z" + message)!;
        var local = TextLogLine.Parse("2026-11-27 00:17:41.201" + message)!;

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 17, 41, 201, TimeSpan.Zero), utc.At);
        Assert.Equal(TimeSpan.Zero, utc.At.Offset);
        Assert.Equal(new DateTimeOffset(new DateTime(2026, 11, 27, 0, 17, 41, 201, DateTimeKind.Local)), local.At);
        Assert.True(TextLogLine.IsProcessLine("2026-11-27 00:17:46.787Z [INF] totals accepted=120 atLimitPauses=5 acceptErrors=0 atLimitEpisodes=1 atLimitMs=3028 logWriteFailures=0"));
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
