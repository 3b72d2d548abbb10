using System.Diagnostics;
using System.IO.Pipelines;
using Lab.Gateway.Connections.Features;
using Lab.Gateway.Transport;
using Microsoft.AspNetCore.Connections;
using Lab.Logs;

namespace Lab.Gateway.Connections;

/// <summary>
/// A connection's truth: who it is, what crossed it, and how it ended. Made by the connection record
/// middleware, which finishes its ending and writes it once as <c>do_terminate</c>: the layers inside report
/// what they saw in their own flow (<see cref="PeerClosed"/>, <see cref="Rejected"/>, <see cref="Stopped"/>, …),
/// the middleware alone catches a reset or an abort and explains an HTTP end Kestrel does not, and the counting
/// pipes report only bytes and the input's end (<see cref="Received"/>, <see cref="Sent"/>, <see cref="InputEnded"/>).
/// The first reason reported stands, and who closed follows from it. What went on the wire is not reported to it:
/// the transport that closes the socket says (<see cref="ISocketCloseFeature"/>). Features it implements hand
/// narrow parts of it outside Connections/.
/// </summary>
internal sealed class ConnectionRecord : IConnectionIdentityFeature, IConnectionRefusalFeature, IHttpRequestCounterFeature
{
    private const int NoStop = -1;

    private readonly ISocketCloseFeature? _socket;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    // The ending: reported from the connection's own flow, one layer at a time, so the first report stands unlocked.
    private TerminateReason? _reason;
    private ClosingReply _reply;

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

    private int _stopReason = NoStop;
    private PipeReader? _wakeReadOnStop;
    private PipeWriter? _wakeWriteOnStop;

    /// <param name="peer">The peer's address as every log line writes it.</param>
    /// <param name="socket">The transport's account of the socket's close; none (a test's connection) closes as FIN.</param>
    public ConnectionRecord(long portId, ListenerKind listener, string connectionId, string? peer, ISocketCloseFeature? socket)
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

    public bool HasUnreadBytes => _socket?.HasUnreadBytes ?? false;

    /// <summary>The transport has closed the socket (false while it still sends output the peer has not taken).</summary>
    public bool IsSocketClosed => _socket?.IsClosed ?? true;

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

    // How it ended: each method names what happened, and the first report stands.

    public void PeerClosed() => Ended(TerminateReason.PeerClosed);

    /// <summary>The peer reset the connection (the transport, which saw it too, puts nothing more on the wire).</summary>
    public void PeerReset() => Ended(TerminateReason.IoError);

    /// <summary>Ended because a stop was asked for: the timeout that asked, or shutdown.</summary>
    public void Stopped() => Ended(StopReason ?? TerminateReason.Shutdown);

    /// <summary>The head was not a frame and the reject policy ended the connection, with this reply.</summary>
    public void Rejected(ClosingReply reply = ClosingReply.None) => Ended(TerminateReason.HeadError, reply);

    public void Refused() => Ended(TerminateReason.MaxConnections);

    /// <summary>HTTP: Kestrel closed an idle keep-alive connection.</summary>
    public void KeepAliveTimedOut() => Ended(TerminateReason.IdleTimeout);

    /// <summary>HTTP: the server closed after a response (<c>Connection: close</c>, HTTP/1.0, an error response).</summary>
    public void ClosedAfterResponse() => Ended(TerminateReason.ConnectionClose);

    /// <summary>Resets the connection now: the peer sees RST, not FIN.</summary>
    public void Abort(ConnectionContext connection)
    {
        if (_socket is null)
            connection.Abort();
        else
            _socket.Reset();
    }

    /// <summary>Shutdown's deadline has passed with the connection still open: it is reset now, by the gateway, so the
    /// log says RST because the gateway put one there (Kestrel's own abort, later, finds the socket closed). On the
    /// shutdown timer's thread: the transport's lock decides whether this or the connection's own close came first.</summary>
    public void ResetAtShutdownDeadline() => _socket?.Reset();

    /// <summary>How the connection ended, once every layer inside has returned. Only a handler that threw
    /// something unexpected (Kestrel logs it) leaves the reason unknown; the line is written all the same.</summary>
    internal ConnectionOutcome End(bool gatewayStopping)
    {
        if (_reason is null)
        {
            if (PeerEndedInput)
                PeerClosed();
            else if (gatewayStopping)
                Ended(TerminateReason.Shutdown);
            else
                Ended(TerminateReason.ConnectionClose);
        }
        var reason = _reason!.Value;
        var side = reason is TerminateReason.PeerClosed or TerminateReason.IoError ? ClosingSide.Peer : ClosingSide.Gateway;
        // An HTTP connection's transport may still be sending Kestrel's last bytes: what its close will put on the wire.
        return new ConnectionOutcome(reason, side, _socket?.CloseKind ?? CloseKind.Fin, _reply);
    }

    private void Ended(TerminateReason reason, ClosingReply reply = ClosingReply.None)
    {
        if (_reason is not null)
            return;
        _reason = reason;
        _reply = reply;
    }
}
