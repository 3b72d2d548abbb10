using Lab.Logs;
namespace Lab.Gateway.Connections;

/// <summary>
/// One heartbeat for all frame connections (Kestrel's shape: one timer, not one per connection):
/// ends a connection whose echo has waited past <c>--send-timeout</c> for the peer to read, one
/// holding an incomplete frame past <c>--frame-timeout</c> (counted from the frame's header), like
/// Kestrel's RequestHeadersTimeout, so a trickling client cannot hold a connection, and one idle past
/// <c>--idle-timeout</c> (counted from its last byte).
/// </summary>
internal sealed class ConnectionTimeouts : IDisposable
{
    private readonly ConnectionRegistry _registry;
    private readonly long? _idleMs;
    private readonly long? _frameMs;
    private readonly long? _sendMs;
    private readonly Timer? _timer;

    public ConnectionTimeouts(ConnectionRegistry registry, TimeSpan? idle, TimeSpan? frame, TimeSpan? send)
    {
        _registry = registry;
        _idleMs = (long?)idle?.TotalMilliseconds;
        _frameMs = (long?)frame?.TotalMilliseconds;
        _sendMs = (long?)send?.TotalMilliseconds;
        var shortest = Math.Min(Math.Min(_idleMs ?? long.MaxValue, _frameMs ?? long.MaxValue), _sendMs ?? long.MaxValue);
        if (shortest == long.MaxValue)
            return;
        // A tenth of the shortest timeout, between 10 ms and 250 ms: the resolution of every timeout.
        Tick = TimeSpan.FromMilliseconds(Math.Clamp(shortest / 10, 10, 250));
        _timer = new Timer(_ => Check(), null, Tick, Tick);
    }

    public TimeSpan Tick { get; }

    private void Check()
    {
        var now = Environment.TickCount64;
        foreach (var record in _registry.Live)
        {
            if (record.Listener != ListenerKind.Frames || record.StopReason is not null)
                continue;
            var sendBlocked = record.SendBlockedSinceMs;
            var frameStart = record.FrameStartMs;
            if (_sendMs is { } send && sendBlocked != 0 && now - sendBlocked >= send)
                record.RequestStop(TerminateReason.SendTimeout);
            else if (_frameMs is { } frame && frameStart != 0 && now - frameStart >= frame)
                record.RequestStop(TerminateReason.FrameTimeout);
            else if (_idleMs is { } idle && now - record.LastReceiveMs >= idle)
                record.RequestStop(TerminateReason.IdleTimeout);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
