using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Lab.Framing;

namespace Lab.Gateway.Connections;

/// <summary>
/// The gateway's per-connection truth: id, endpoints, times, bytes, frames, and how it ended. Made by
/// the connection record middleware, filled in by the layers inside it, written once as
/// <c>do_terminate</c>.
/// </summary>
public sealed class ConnectionRecord
{
    private const int NoStop = -1;
    private int _stopReason = NoStop;

    public ConnectionRecord(long portId, ListenerKind listener, string connectionId, EndPoint? peer, EndPoint? local, Socket? socket)
    {
        PortId = portId;
        Listener = listener;
        ConnectionId = connectionId;
        Peer = peer?.ToString() ?? "unknown";
        Local = local?.ToString() ?? "unknown";
        Socket = socket;
        AcceptedAt = DateTimeOffset.UtcNow;
        StartTimestamp = Stopwatch.GetTimestamp();
        LastReceiveMs = Environment.TickCount64;
    }

    public long PortId { get; }
    public ListenerKind Listener { get; }
    public string ConnectionId { get; }
    public string Peer { get; }
    public string Local { get; }
    public Socket? Socket { get; }
    public DateTimeOffset AcceptedAt { get; }
    public long StartTimestamp { get; }

    // Written by one direction's reader or writer each; read at the end and by the heartbeat.
    public long BytesIn;
    public long BytesOut;
    public long Frames;
    public int Requests;
    public long LastReceiveMs;

    /// <summary>When the current frame's header arrived (Environment.TickCount64), 0 when no frame is in progress.</summary>
    public long FrameStartMs;

    /// <summary>The peer ended its side (a read returned IsCompleted).</summary>
    public bool PeerCompleted;

    /// <summary>The reader the heartbeat cancels to wake the connection up when it must stop.</summary>
    public PipeReader? Input { get; set; }

    public HeadError? HeadError { get; set; }
    public byte[]? HeadBytes { get; set; }

    public TerminateReason? Reason { get; private set; }
    public ClosingSide? ClosedBy { get; private set; }
    public CloseKind? CloseKind { get; private set; }
    public ClosingReply Reply { get; set; } = ClosingReply.None;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartTimestamp);

    /// <summary>Why the connection was asked to stop (a timeout or shutdown), if it was.</summary>
    public TerminateReason? StopReason => Volatile.Read(ref _stopReason) is var r and not NoStop ? (TerminateReason)r : null;

    /// <summary>The first ending wins: later layers only fill in what is still unknown.</summary>
    public void Terminate(TerminateReason reason, ClosingSide closedBy)
    {
        Reason ??= reason;
        ClosedBy ??= closedBy;
    }

    public void SetCloseKind(CloseKind closeKind) => CloseKind ??= closeKind;

    /// <summary>Asks the connection to stop: the first reason is kept and its pending read is woken.</summary>
    public void RequestStop(TerminateReason reason)
    {
        if (Interlocked.CompareExchange(ref _stopReason, (int)reason, NoStop) == NoStop && Listener == ListenerKind.Frames)
            Input?.CancelPendingRead();
    }
}
