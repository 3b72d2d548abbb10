using Lab.BrowserLab.NetLog;

namespace Lab.BrowserLab.Tests.NetLog;

/// <summary>The NetLog reader on a small NetLog cut from a real run (fin policy, one navigation: the
/// original request on a preconnected socket, then two resends after ERR_EMPTY_RESPONSE).</summary>
public class NetLogReaderTests
{
    private const string Gateway = "127.0.0.1:42331";
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "netlog-fin-once.json");

    [Fact]
    public void CompleteFileResolvesNamesAndIsNotTruncated()
    {
        var file = NetLogFile.Read(Fixture);
        Assert.False(file.Truncated);
        Assert.Equal(221, file.Events.Count);
        Assert.Equal("ERR_EMPTY_RESPONSE", file.ErrorName(-324));
        Assert.Contains(file.Events, e => e.Type == "TCP_CONNECT" && e.SourceType == "SOCKET");
        Assert.True(file.WallClock(file.Events[0].Time).Year >= 2026);
    }

    [Fact]
    public void SocketsCarryTheirClientPortAndOpener()
    {
        var model = NetLogModel.Build(NetLogFile.Read(Fixture));
        var sockets = model.Sockets.Where(s => s.RemoteAddress == Gateway).OrderBy(s => s.ConnectedTime).ToList();

        Assert.Equal([52690, 52704, 52720], sockets.Select(s => s.LocalPort));
        Assert.Equal(["preconnect", "preconnect", "request"], sockets.Select(s => s.Opener));
        Assert.Equal([1, 2, 1], sockets.Select(s => s.OpenerNumSockets));
        Assert.All(sockets, s => Assert.Equal(653, s.BytesSent));
        Assert.All(sockets, s => Assert.Equal("Connection was closed when it was returned to the pool", s.CloseReason));
    }

    [Fact]
    public void RequestAttemptsAndRestartsAreLinkedToSockets()
    {
        var model = NetLogModel.Build(NetLogFile.Read(Fixture));
        var sockets = model.Sockets.Where(s => s.RemoteAddress == Gateway).OrderBy(s => s.ConnectedTime).ToList();
        var request = Assert.Single(model.Requests, r => r.IsMainFrame);

        Assert.Equal($"http://{Gateway}/anything", request.Url);
        Assert.Equal([-324, -324], request.RestartErrors);
        Assert.Equal(3, request.Attempts.Count);
        Assert.Equal(sockets.Select(s => (long?)s.SourceId), request.Attempts.Select(a => a.SocketId));
        Assert.Equal([false, true, true], request.Attempts.Select(a => a.IsRetry));
        // Sockets 1 and 2 had connected before their attempts asked the pool (idle: resent after the empty
        // response); the third was connected for its attempt, and its empty response ended the request.
        Assert.Equal([true, true, false], request.Attempts.Select(a => a.TookIdleSocket));
        Assert.All(request.Attempts, a => Assert.Equal(-324, a.NetError));
        Assert.Equal(-324, request.FinalError);
    }

    [Fact]
    public void TruncatedFileIsReadUpToTheCut()
    {
        var text = File.ReadAllText(Fixture);
        var cut = Path.Combine(Path.GetTempPath(), $"netlog-cut-{Guid.NewGuid():N}.json");
        var kept = text[..(text.Length * 2 / 3)]; // mid-line, no closing brackets
        File.WriteAllText(cut, kept);
        var completeEventLines = kept.Split('\n')[1..^1].Count(l => l.StartsWith('{'));
        try
        {
            var file = NetLogFile.Read(cut);
            Assert.True(file.Truncated);
            Assert.Equal(1, file.SkippedLines);
            Assert.Equal(completeEventLines, file.Events.Count);
            Assert.True(file.Events.Count > 10);
            Assert.Equal(file.Events.Select(e => e.Order), Enumerable.Range(0, file.Events.Count));
        }
        finally
        {
            File.Delete(cut);
        }
    }

    [Fact]
    public void FileThatIsNotANetLogIsRejectedClearly()
    {
        var bogus = Path.Combine(Path.GetTempPath(), $"not-netlog-{Guid.NewGuid():N}.json");
        File.WriteAllText(bogus, "hello\nworld\n");
        try
        {
            Assert.Throws<InvalidDataException>(() => NetLogFile.Read(bogus));
        }
        finally
        {
            File.Delete(bogus);
        }
    }
}
