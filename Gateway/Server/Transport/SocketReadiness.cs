using System.Threading.Tasks.Sources;

namespace Lab.Gateway.Transport;

/// <summary>
/// One direction of a socket's readiness, as the epoll loop reports it: the loop signals, the connection's receive or
/// send loop waits. A signal that comes while nobody waits is kept for the next wait, so a readiness reported between
/// a would-block and the wait is not lost; the waiter clears it before each system call, so a signal for bytes that
/// call reads does not cost an extra call that finds nothing. The waiter resumes on the signalling thread.
/// </summary>
internal sealed class SocketReadiness : IValueTaskSource
{
    private const int Idle = 0;
    private const int Signalled = 1;
    private const int Waiting = 2;

    private ManualResetValueTaskSourceCore<bool> _core;
    private int _state;

    /// <summary>Forgets a signal not yet waited for: the call about to be made sees what it reported.</summary>
    public void Clear()
    {
        if (Volatile.Read(ref _state) == Signalled)
            Interlocked.CompareExchange(ref _state, Idle, Signalled);
    }

    /// <summary>Wakes the waiter, or keeps the signal for the next wait; true when it woke one.</summary>
    public bool Signal()
    {
        if (Interlocked.Exchange(ref _state, Signalled) != Waiting)
            return false;
        _core.SetResult(true);
        return true;
    }

    public bool IsWaiting => Volatile.Read(ref _state) == Waiting;

    /// <summary>Completes at the next signal, or at once if one came since the last <see cref="Clear"/>.</summary>
    public ValueTask WaitAsync()
    {
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle)
            return new ValueTask(this, _core.Version);
        Interlocked.CompareExchange(ref _state, Idle, Signalled);
        return default;
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
