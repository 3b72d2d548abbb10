using System.IO.Pipelines;
using Lab.Gateway.Connections;
using Lab.Logs;

namespace Lab.Gateway.Tests.Connections;

/// <summary>The connection record decides how a connection ended from what its layers told it, whatever
/// order they unwind in: who closed follows from the reason, and the first ending stands. No transport: a graceful
/// close of none is a FIN (what went on the wire is the transport's to say: <c>SocketCloseKindTests</c>).</summary>
public class ConnectionRecordTests
{
    private static ConnectionRecord NewRecord(ListenerKind listener = ListenerKind.Frames) => new(7, listener, "c7", null, null);

    [Fact]
    public void WhoClosedFollowsFromTheReason()
    {
        var peer = NewRecord();
        peer.PeerClosed();
        Assert.Equal(new ConnectionOutcome(TerminateReason.PeerClosed, ClosingSide.Peer, CloseKind.Fin, ClosingReply.None), peer.End(gatewayStopping: false));

        var rejected = NewRecord();
        rejected.Rejected(ClosingReply.Http400);
        Assert.Equal(new ConnectionOutcome(TerminateReason.HeadError, ClosingSide.Gateway, CloseKind.Fin, ClosingReply.Http400), rejected.End(false));
    }

    [Fact]
    public void StoppedSaysTheStopThatWasAskedForAndShutdownWhenNoneWas()
    {
        var timedOut = NewRecord();
        timedOut.RequestStop(TerminateReason.IdleTimeout);
        timedOut.RequestStop(TerminateReason.Shutdown); // the first reason is kept
        timedOut.Stopped();
        Assert.Equal((TerminateReason.IdleTimeout, ClosingSide.Gateway), (timedOut.End(false).Reason, timedOut.End(false).ClosedBy));

        var aborted = NewRecord();
        aborted.Stopped();
        Assert.Equal(TerminateReason.Shutdown, aborted.End(false).Reason);
    }

    [Fact]
    public async Task AStopAskedForBeforeTheReaderIsRegisteredWakesItsFirstRead()
    {
        var record = NewRecord();
        var pipe = new Pipe();
        record.RequestStop(TerminateReason.FrameTimeout);
        record.WakeOnStop(pipe.Reader, pipe.Writer);

        var read = await pipe.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(read.IsCanceled);
    }

    [Fact]
    public void TheFirstEndingStands()
    {
        var record = NewRecord();
        record.PeerClosed();
        record.Stopped();
        record.ClosedAfterResponse();
        Assert.Equal(TerminateReason.PeerClosed, record.End(false).Reason);
    }

    [Fact]
    public void TrafficIsCountedAndTheFrameClockRunsFromTheFirstHeader()
    {
        var record = NewRecord();
        record.Received(10);
        record.Received(5);
        record.Sent(4);
        record.FramesEchoed(2);
        record.FrameInProgress();
        var started = record.FrameStartMs;
        record.FrameInProgress();
        Assert.Equal((15L, 4L, 2L, started), (record.BytesIn, record.BytesOut, record.Frames, record.FrameStartMs));
        Assert.NotEqual(0, started);
        record.NoFrameInProgress();
        Assert.Equal(0, record.FrameStartMs);
        Assert.Equal([1, 2], new[] { record.NextRequest(), record.NextRequest() });
    }

    /// <summary>Today's words when no layer said why, which only a handler that threw something unexpected
    /// leaves: kept as they were (<c>connection_close</c> is documented as the HTTP endpoint's).</summary>
    [Theory]
    [InlineData(true, false, TerminateReason.PeerClosed)]
    [InlineData(false, true, TerminateReason.Shutdown)]
    [InlineData(false, false, TerminateReason.ConnectionClose)]
    public void WithNoEndingReportedTheRecordSaysWhatItSaw(bool peerEndedInput, bool stopping, TerminateReason expected)
    {
        var record = NewRecord();
        if (peerEndedInput)
            record.InputEnded();
        Assert.Equal(expected, record.End(stopping).Reason);
    }
}
