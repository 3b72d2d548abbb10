using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using Lab.Gateway.Connections.Features;
using Microsoft.AspNetCore.Connections;
using Lab.Logs;

namespace Lab.Gateway.Connections;

/// <summary>
/// A connection's truth: who it is, what crossed it, and how it ended. Made by the connection record
/// middleware, which finishes its ending and writes it once as <c>do_terminate</c>: the layers inside report
/// what they saw in their own flow (<see cref="PeerClosed"/>, <see cref="Rejected"/>, <see cref="Stopped"/>, …),
/// the middleware alone catches a reset or an abort and explains an HTTP end Kestrel does not, the counting
/// pipes report only bytes and the input's end (<see cref="Received"/>, <see cref="Sent"/>, <see cref="InputEnded"/>),
/// and the closing writer the output's completion (<see cref="ClosingGracefully"/>, the moment the transport is
/// told to close the socket). Features it implements hand narrow parts of it outside Connections/. From those
/// reports <see cref="ConnectionEnding"/> decides the reason, the side and the close kind.
/// </summary>
internal sealed class ConnectionRecord : IConnectionIdentityFeature, IConnectionRefusalFeature, IHttpRequestCounterFeature
{
    private const int NoStop = -1;

    private readonly Socket? _socket;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    // Also the lock on who let go of the socket, when the shutdown timer's reset and the connection's own graceful
    // close meet: the ending is what that decides, and a lock object of its own would be one more per connection.
    private readonly ConnectionEnding _ending = new();

    // Each written by one direction's reader or writer, or by the handler; read at the end and by the heartbeat.
    private long _bytesIn;
    private long _bytesOut;
    private long _frames;
    private int _requests;
    private long _lastReceiveMs = Environment.TickCount64;
    private long _frameStartMs;
    private long _sendBlockedSinceMs;
    private bool _peerEndedInput;
    private bool _shutdownRequested;
    // Once seen closed, a socket stays closed: the check learns it from an ObjectDisposedException, which costs
    // more than the rest of a rejected connection's ending, so it is paid once.
    private volatile bool _socketReleased;

    private int _stopReason = NoStop;
    private PipeReader? _wakeReadOnStop;
    private PipeWriter? _wakeWriteOnStop;

    /// <param name="peer">The peer's address as every log line writes it.</param>
    public ConnectionRecord(long portId, ListenerKind listener, string connectionId, string? peer, Socket? socket)
    {
        PortId = portId;
        Listener = listener;
        ConnectionId = connectionId;
        Peer = peer ?? "unknown";
        _socket = socket;
    }

    public long PortId { get; }
    public ListenerKind Listener { get; }
    public string ConnectionId { get; }
    public string Peer { get; }
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startTimestamp);

    public long BytesIn => Volatile.Read(ref _bytesIn);
    public long BytesOut => Volatile.Read(ref _bytesOut);
    public long Frames => Volatile.Read(ref _frames);
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>When the last byte arrived (Environment.TickCount64): the idle timeout's clock.</summary>
    public long LastReceiveMs => Volatile.Read(ref _lastReceiveMs);

    /// <summary>When the current frame's header arrived (Environment.TickCount64), 0 when no frame is in progress.</summary>
    public long FrameStartMs => Volatile.Read(ref _frameStartMs);

    /// <summary>When the write now waiting for the peer to read began (Environment.TickCount64), 0 when
    /// no write waits: the send timeout's clock.</summary>
    public long SendBlockedSinceMs => Volatile.Read(ref _sendBlockedSinceMs);

    /// <summary>The peer ended its side (a read returned IsCompleted).</summary>
    public bool PeerEndedInput => Volatile.Read(ref _peerEndedInput);

    /// <summary>Why the connection was asked to stop (a timeout or shutdown), if it was.</summary>
    public TerminateReason? StopReason => Volatile.Read(ref _stopReason) is var r and not NoStop ? (TerminateReason)r : null;

    public bool HasUnreadBytes => SocketCloser.HasUnreadBytes(_socket);

    // What crossed the connection: the counting pipes and the frame handler.

    internal void Received(long bytes)
    {
        _bytesIn += bytes;
        Volatile.Write(ref _lastReceiveMs, Environment.TickCount64);
    }

    internal void InputEnded() => Volatile.Write(ref _peerEndedInput, true);

    internal void Sent(int bytes) => _bytesOut += bytes;

    public void FramesEchoed(int count) => _frames += count;

    /// <summary>A frame's header has arrived and its body has not: the frame timeout runs from the first such moment.</summary>
    public void FrameInProgress()
    {
        if (Volatile.Read(ref _frameStartMs) == 0)
            Volatile.Write(ref _frameStartMs, Environment.TickCount64);
    }

    public void NoFrameInProgress() => Volatile.Write(ref _frameStartMs, 0);

    /// <summary>A flush found the output over <c>--max-pending-output</c> and waits for the peer to read.</summary>
    public void SendBlocked() => Volatile.Write(ref _sendBlockedSinceMs, Math.Max(1, Environment.TickCount64));

    public void SendUnblocked() => Volatile.Write(ref _sendBlockedSinceMs, 0);

    public int NextRequest() => Interlocked.Increment(ref _requests);

    // Stopping: the heartbeat and shutdown ask, the frame handler is woken.

    /// <summary>Asks the connection to stop: the first reason is kept, and the read and the write registered
    /// with <see cref="WakeOnStop"/> are woken, so a handler waiting for a peer that stopped reading hears it too.</summary>
    public void RequestStop(TerminateReason reason)
    {
        if (reason == TerminateReason.Shutdown)
            Volatile.Write(ref _shutdownRequested, true);
        if (Interlocked.CompareExchange(ref _stopReason, (int)reason, NoStop) != NoStop)
            return;
        Volatile.Read(ref _wakeReadOnStop)?.CancelPendingRead();
        Volatile.Read(ref _wakeWriteOnStop)?.CancelPendingFlush();
    }

    /// <summary>Shutdown asked this connection to stop, whatever reason came first: a close still waiting
    /// for the peer to take its output stops waiting.</summary>
    public bool ShutdownRequested => Volatile.Read(ref _shutdownRequested);

    /// <summary>The reader and writer to cancel when a stop is asked for; cancelled at once if one was asked for already.</summary>
    public void WakeOnStop(PipeReader input, PipeWriter output)
    {
        Volatile.Write(ref _wakeReadOnStop, input);
        Volatile.Write(ref _wakeWriteOnStop, output);
        if (StopReason is null)
            return;
        input.CancelPendingRead();
        output.CancelPendingFlush();
    }

    // How it ended: each method names what happened; ConnectionEnding decides what the line says.

    public void PeerClosed() => _ending.Ended(TerminateReason.PeerClosed);

    /// <summary>The peer reset the connection: nothing is left for our side to put on the wire.</summary>
    public void PeerReset()
    {
        _ending.SocketLetGo(CloseKind.None);
        _ending.Ended(TerminateReason.IoError);
    }

    /// <summary>Ended because a stop was asked for: the timeout that asked, or shutdown.</summary>
    public void Stopped() => _ending.Ended(StopReason ?? TerminateReason.Shutdown);

    /// <summary>The head was not a frame and the reject policy ended the connection, with this reply.</summary>
    public void Rejected(ClosingReply reply = ClosingReply.None) => _ending.Ended(TerminateReason.HeadError, reply);

    public void Refused() => _ending.Ended(TerminateReason.MaxConnections);

    /// <summary>HTTP: Kestrel closed an idle keep-alive connection.</summary>
    public void KeepAliveTimedOut() => _ending.Ended(TerminateReason.IdleTimeout);

    /// <summary>HTTP: the server closed after a response (<c>Connection: close</c>, HTTP/1.0, an error response).</summary>
    public void ClosedAfterResponse() => _ending.Ended(TerminateReason.ConnectionClose);

    /// <summary>Resets the connection now: the peer sees RST, not FIN.</summary>
    public void Abort(ConnectionContext connection)
    {
        _ending.SocketLetGo(CloseKind.Rst);
        SocketCloser.Abort(connection, _socket);
    }

    /// <summary>Shutdown's deadline has passed with the connection still open: it is reset now, by the
    /// gateway, so the log says RST because the gateway put one there (Kestrel's own abort, later, finds
    /// the socket closed).</summary>
    public void ResetAtShutdownDeadline()
    {
        // On the shutdown timer's thread, while the connection's own flow may be closing the same socket: the reset
        // and its note are one step against GracefulCloseSettled, or the connection, seeing its socket closed under
        // it, could settle the close as FIN first while the wire showed this RST (CloseKindOnTheWireTests, on a
        // fresh clone's busy run).
        lock (_ending)
        {
            if (_socket is not null && SocketCloser.TryReset(_socket))
                _ending.SocketLetGo(CloseKind.Rst);
        }
    }

    /// <summary>A graceful close is under way (the output completes, which makes the transport close the
    /// socket once it has sent what is queued; or the connection is over): what it would put on the wire
    /// now. It is what happened once the socket is released (<see cref="GracefulCloseSettled"/>), unless
    /// the queue never drains and the connection is reset (<see cref="Abort"/>) or the peer resets first.</summary>
    internal void ClosingGracefully()
    {
        // The first report stands (the output's completion, then the connection's end): later ones only settle it.
        if (!_ending.GracefulCloseBegun)
            _ending.GracefulCloseStarted(_socketReleased ? CloseKind.Fin : SocketCloser.GracefulCloseKind(_socket));
        GracefulCloseSettled();
    }

    /// <summary>Checks whether the transport has let go of the socket, which makes the graceful close what went on the wire.</summary>
    internal void GracefulCloseSettled()
    {
        lock (_ending)
        {
            if (SocketReleased)
                _ending.GracefulCloseDone();
        }
    }

    /// <summary>The transport has closed the socket (false while it still holds output the peer has not taken).</summary>
    internal bool SocketReleased => _socketReleased || (_socketReleased = SocketCloser.IsReleased(_socket));

    /// <summary>How the connection ended, once every layer inside has returned. Only a handler that threw
    /// something unexpected (Kestrel logs it) leaves the reason unknown; the line is written all the same.</summary>
    internal ConnectionOutcome End(bool gatewayStopping)
    {
        if (!_ending.IsKnown)
        {
            if (PeerEndedInput)
                PeerClosed();
            else if (gatewayStopping)
                _ending.Ended(TerminateReason.Shutdown);
            else
                _ending.Ended(TerminateReason.ConnectionClose);
        }
        ClosingGracefully();
        return _ending.Outcome();
    }
}
