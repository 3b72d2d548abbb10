using Lab.Logs;
namespace Lab.Gateway.Connections;

/// <summary>
/// The one place that decides how a connection ended. A connection ends once: the first layer to see
/// the end reports it, and the layers outside it, which see the same end as they unwind (a rethrown
/// reset, a finally), find it already said. Who closed follows from the reason. What went on the wire
/// is decided by whatever let go of the socket first: an abort (RST), the peer's reset (nothing left to
/// send), or a graceful close, which Linux turns into an RST when unread bytes remain
/// (<see cref="SocketCloser.GracefulCloseKind"/>). Reports come from the connection's own flow, one at a time.
/// </summary>
internal sealed class ConnectionEnding
{
    private TerminateReason? _reason;
    private ClosingReply _reply;
    private CloseKind? _closeKind;
    private CloseKind? _gracefulCloseKind;

    public bool IsKnown => _reason is not null;

    public void Ended(TerminateReason reason, ClosingReply reply = ClosingReply.None)
    {
        if (_reason is not null)
            return;
        _reason = reason;
        _reply = reply;
    }

    public void SocketLetGo(CloseKind kind) => _closeKind ??= kind;

    /// <summary>A graceful close began: what it puts on the wire once the transport has sent what is
    /// queued, unless something lets go of the socket first (a reset when the queue does not drain).</summary>
    public void GracefulCloseStarted(CloseKind kind) => _gracefulCloseKind ??= kind;

    public bool GracefulCloseBegun => _gracefulCloseKind is not null;

    /// <summary>The transport let go of the socket after a graceful close began: that close is what happened.</summary>
    public void GracefulCloseDone()
    {
        if (_gracefulCloseKind is { } kind)
            _closeKind ??= kind;
    }

    /// <summary>Called once every layer has returned, with a reason and a close kind reported.</summary>
    public ConnectionOutcome Outcome() =>
        new(_reason!.Value, ClosingSideOf(_reason.Value), (_closeKind ?? _gracefulCloseKind)!.Value, _reply);

    private static ClosingSide ClosingSideOf(TerminateReason reason) =>
        reason is TerminateReason.PeerClosed or TerminateReason.IoError ? ClosingSide.Peer : ClosingSide.Gateway;
}
