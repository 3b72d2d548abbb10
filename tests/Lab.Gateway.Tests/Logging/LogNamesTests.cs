using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.Gateway.Tests.Logging;

/// <summary>The closed sets' names are a contract with every log already written: each value has exactly
/// the seed's word, and every value has one (a new value without a name fails here, not in a log).</summary>
public class LogNamesTests
{
    [Fact]
    public void TerminateReasonsKeepTheirNames() => AssertNames(r => r.ToLogName(), new Dictionary<TerminateReason, string>
    {
        [TerminateReason.HeadError] = "head_error",
        [TerminateReason.PeerClosed] = "peer_closed",
        [TerminateReason.IdleTimeout] = "idle_timeout",
        [TerminateReason.FrameTimeout] = "frame_timeout",
        [TerminateReason.MaxConnections] = "max_connections",
        [TerminateReason.Shutdown] = "shutdown",
        [TerminateReason.IoError] = "io_error",
        [TerminateReason.ConnectionClose] = "connection_close",
        [TerminateReason.SendTimeout] = "send_timeout",
    });

    [Fact]
    public void CloseKindsClosingSidesAndRepliesKeepTheirNames()
    {
        AssertNames(k => k.ToLogName(), new Dictionary<CloseKind, string> { [CloseKind.Fin] = "fin", [CloseKind.Rst] = "rst", [CloseKind.None] = "none" });
        AssertNames(s => s.ToLogName(), new Dictionary<ClosingSide, string> { [ClosingSide.Gateway] = "gateway", [ClosingSide.Peer] = "peer" });
        AssertNames(r => r.ToLogName(), new Dictionary<ClosingReply, string> { [ClosingReply.None] = "none", [ClosingReply.Http400] = "http400" });
    }

    [Fact]
    public void ListenersKeepTheirNamesInInitOkAndInThePortJournal()
    {
        AssertNames(l => l.ToLogName(), new Dictionary<ListenerKind, string> { [ListenerKind.Frames] = "frames", [ListenerKind.Http] = "http" });
        AssertNames(l => l.ToListenerSocketName(),
            new Dictionary<ListenerKind, string> { [ListenerKind.Frames] = "listener-frames", [ListenerKind.Http] = "listener-http" });
    }

    [Fact]
    public void OriginsKeepTheirNamesAndParseBack()
    {
        AssertNames(o => o.ToLogName(), new Dictionary<OriginKind, string>
        {
            [OriginKind.Http2Preface] = "http2-preface",
            [OriginKind.Http] = "http",
            [OriginKind.Tls] = "tls",
            [OriginKind.Ssh] = "ssh",
            [OriginKind.ProxyV1] = "proxy-v1",
            [OriginKind.ProxyV2] = "proxy-v2",
            [OriginKind.Resp] = "resp",
            [OriginKind.Unknown] = "unknown",
        });
        Assert.All(Enum.GetValues<OriginKind>(), o => Assert.Equal(o, OriginNames.Parse(o.ToLogName())));
        Assert.Null(OriginNames.Parse("gopher"));
    }

    private static void AssertNames<T>(Func<T, string> name, Dictionary<T, string> expected) where T : struct, Enum
    {
        Assert.Equal(Enum.GetValues<T>().Order(), expected.Keys.Order());
        foreach (var (value, word) in expected)
            Assert.Equal(word, name(value));
    }
}
