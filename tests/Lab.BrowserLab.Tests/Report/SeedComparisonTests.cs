using Lab.BrowserLab.Join;
using Lab.BrowserLab.Report;
using Lab.Logs.Analysis;

namespace Lab.BrowserLab.Tests.Report;

/// <summary>The seed, line by line: a run shaped like the notes' experiment matches every line it can
/// measure; a run shaped like Chromium's usual pattern here differs, and says why.</summary>
public class SeedComparisonTests
{
    private static readonly StepReport[] Steps = [new(1, 0, true, []), new(2, 100_000, true, []), new(3, 400_000, true, [])];

    [Fact]
    public void ARunShapedLikeTheNotesMatchesLineByLine()
    {
        JoinedConnection[] run =
        [
            Get(1, connect: 0, firstByte: 0.5, role: ConnectionRole.Original),
            Get(2, connect: 3, firstByte: 1033, role: ConnectionRole.Retry), // used a second after it opened
            Get(3, connect: 100_000, firstByte: 100_001, role: ConnectionRole.Original),
            Silent(4, connect: 100_001),
            Get(9, connect: 400_000, firstByte: 400_001, role: ConnectionRole.Original),
            Get(10, connect: 400_001, firstByte: 400_002, role: ConnectionRole.Retry),
            Get(11, connect: 402_032, firstByte: 402_033, role: ConnectionRole.Other),
        ];
        var gaps = new[] { new PortIdGap(4, 9, ["#Port<0.5> http 127.0.0.1:40000"]) };

        var lines = SeedComparison.Compare(Steps, run, gaps);

        Assert.Equal(["matches", "matches", "matches", "matches", "matches", "matches"], lines.Take(6).Select(l => l.Verdict));
        Assert.StartsWith("not measured", lines[6].Verdict);
        Assert.Contains("#Port<0.4>", lines[3].Run);
        Assert.Contains("#Port<0.5> http", lines[4].Run);
        // Each line names the connections it speaks of (report.html links the row to their lanes): the first; it and the
        // one after; the socket used a second late; step 2's; the ids either side of the jump; step 3's; none unwatched.
        Assert.Equal<long[]>([[1], [1, 2], [2], [3, 4], [4, 9], [9, 10, 11], []], lines.Select(l => l.Connections.ToArray()));
    }

    [Fact]
    public void ChromiumsUsualPatternHereDiffersAndSaysWhy()
    {
        JoinedConnection[] run =
        [
            Get(1, connect: 0, firstByte: 1, role: ConnectionRole.Original),
            Get(2, connect: 20, firstByte: 21, role: ConnectionRole.Retry),
            Get(3, connect: 1100, firstByte: 1110, role: ConnectionRole.Other, request: RequestKind.AutoReload),
            Get(4, connect: 100_000, firstByte: 100_001, role: ConnectionRole.Original),
            Get(5, connect: 400_000, firstByte: 400_001, role: ConnectionRole.Original),
        ];

        var lines = SeedComparison.Compare(Steps, run, []);

        Assert.Contains("the error page's reload", lines[2].Verdict);
        Assert.Contains("#Port<0.3>", lines[2].Run);
        Assert.StartsWith("differs, because no socket of step 2 stayed silent", lines[3].Verdict);
        Assert.StartsWith("differs, because nothing else took an id", lines[4].Verdict);
        Assert.StartsWith("differs, because Chromium made 1", lines[5].Verdict);
        Assert.Equal([3], lines[2].Connections); // the reload's socket, which also waited longest (10 ms)
        Assert.Equal([4, 5], lines[4].Connections); // no jump: step 2's last id and the next are still shown
    }

    [Fact]
    public void AfterTheLastStepIsNotMeasuredWhenTheBrowserClosedAtOnce()
    {
        var lines = SeedComparison.Compare(Steps, [Get(1, connect: 0, firstByte: 1, role: ConnectionRole.Original)], []);
        var last = lines.Last();

        Assert.StartsWith("not measured", last.Verdict);
        Assert.Contains("--watch-after", last.Verdict);
        // Lines the run had nothing for name no connection: no second socket, no step 2 or 3, nothing watched.
        Assert.Equal<long[]>([[1], [], [1], [], [], [], []], lines.Select(l => l.Connections.ToArray()));
    }

    [Fact]
    public void AQuietWatchAfterTheLastStepMatchesTheNotes()
    {
        JoinedConnection[] run = [Get(5, connect: 400_000, firstByte: 400_001, role: ConnectionRole.Original)];

        var last = SeedComparison.Compare(Steps, run, [], new WatchWindow(400_010, 40_000)).Last();

        Assert.Equal("matches", last.Verdict);
        Assert.StartsWith("0 connection(s) in the 40 s after step 3's navigation ended", last.Run);
    }

    [Fact]
    public void ReloadsInTheWatchDifferAndLeaveTheNotesClockToItsSection()
    {
        JoinedConnection[] run =
        [
            Get(5, connect: 400_000, firstByte: 400_001, role: ConnectionRole.Original),
            Get(6, connect: 401_100, firstByte: 401_101, role: ConnectionRole.Other, request: RequestKind.AutoReload),
            Get(7, connect: 401_120, firstByte: 401_121, role: ConnectionRole.Retry, request: RequestKind.AutoReload),
            Get(8, connect: 406_200, firstByte: 406_201, role: ConnectionRole.Other, request: RequestKind.AutoReload),
        ];

        var lines = SeedComparison.Compare(Steps, run, [], new WatchWindow(400_010, 10_000));
        var last = lines[^1];

        // Step 3's line compares the notes' 2,032 ms span only: the original, the reload at +1.1 s and its resend.
        Assert.StartsWith("3 connection(s) in step 3's first 2032 ms, 3 with head_error", lines[5].Run);
        Assert.EndsWith("(1 more later)", lines[5].Run);
        Assert.Equal("matches", lines[5].Verdict);

        Assert.StartsWith("3 connection(s) in the 10 s after step 3's navigation ended: #Port<0.6> other [auto-reload] at +1.1 s", last.Run);
        Assert.DoesNotContain("#Port<0.5>", last.Run); // the navigation's own connection came before the watch
        Assert.StartsWith("differs, because the error page stayed open and visible here and reloaded itself 2 time(s)", last.Verdict);
        // No projection that assumes the visits story: the notes' clock is tested in its own section.
        Assert.EndsWith("is measured in \"The notes' clock\", with this run's reloads", last.Verdict);
        Assert.DoesNotContain("11:", last.Verdict);
    }

    private static JoinedConnection Get(long portId, double connect, double firstByte, string role, string request = RequestKind.Navigation) => new()
    {
        PortId = portId, ClientPort = 50_000 + (int)portId, Role = role, Request = request, Opener = "request",
        ConnectMs = connect, GatewayInitMs = connect, FirstByteMs = firstByte, CloseMs = firstByte + 1,
        BytesIn = 653, HeadLength = 1195725856u, HeadAscii = "GET /anything HT", Reason = "head_error",
    };

    private static JoinedConnection Silent(long portId, double connect) => new()
    {
        PortId = portId, ClientPort = 50_000 + (int)portId, Role = ConnectionRole.Unused, Opener = "preconnect", OpenerNumSockets = 2,
        ConnectMs = connect, GatewayInitMs = connect, CloseMs = connect + 10_000, Reason = "peer_closed",
    };
}
