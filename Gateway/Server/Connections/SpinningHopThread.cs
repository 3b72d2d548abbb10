using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lab.Gateway.Connections;

/// <summary>
/// The thread a frame connection's code hops to after a read while few connections are open
/// (<see cref="SchedulingByLoad"/>). Having run something, it spins a moment for the next before it sleeps, as
/// OTP's schedulers and Netty's event loops do: a lone client's next frame then finds a thread awake, where the
/// socket engine's thread would have to be woken from <c>epoll_wait</c>. It is the gateway's own so that the
/// thread pool need not spin: the pool's workers spin after every item, and while Kestrel's transport queued each
/// connection's close to the pool, thousands of short connections a second kept them spinning on cores the
/// connections needed (<c>gateway</c> turns the pool's spinning off; docs/performance.md names the run). The
/// gateway's own connection queues nothing per frame connection; an HTTP connection's close still wakes the pool
/// once (Kestrel's HTTP code asks for the ConnectionClosed token).
/// </summary>
internal sealed class SpinningHopThread : IDisposable
{
    // 100 µs: a few loopback round trips, so a lone client's next frame usually finds the thread awake.
    private static readonly long SpinTicks = Stopwatch.Frequency / 10_000;

    private readonly ConcurrentQueue<Action> _work = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private int _sleeping;
    private volatile bool _disposed;

    public SpinningHopThread()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "gateway hop" };
        _thread.UnsafeStart();
    }

    /// <summary>Awaited: the rest of the async method runs on this thread.</summary>
    public HopAwaitable Hop() => new(this);

    private void Enqueue(Action continuation)
    {
        _work.Enqueue(continuation);
        Interlocked.MemoryBarrier(); // the queue's write before the flag's read; the thread does the reverse
        if (Volatile.Read(ref _sleeping) == 1)
        {
            lock (_gate)
                Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        while (!_disposed)
        {
            if (_work.TryDequeue(out var continuation))
            {
                continuation(); // an async method's next step: its exceptions go to its own task
                continue;
            }
            if (SpinForWork())
                continue;
            lock (_gate)
            {
                Interlocked.Exchange(ref _sleeping, 1);
                while (_work.IsEmpty && !_disposed)
                    Monitor.Wait(_gate);
                Interlocked.Exchange(ref _sleeping, 0);
            }
        }
    }

    private bool SpinForWork()
    {
        var until = Stopwatch.GetTimestamp() + SpinTicks;
        while (Stopwatch.GetTimestamp() < until)
        {
            if (!_work.IsEmpty)
                return true;
            Thread.SpinWait(20);
        }
        return false;
    }

    public void Dispose()
    {
        _disposed = true;
        lock (_gate)
            Monitor.Pulse(_gate);
    }

    internal readonly struct HopAwaitable(SpinningHopThread thread)
    {
        public Awaiter GetAwaiter() => new(thread);
    }

    internal readonly struct Awaiter(SpinningHopThread thread) : ICriticalNotifyCompletion
    {
        public bool IsCompleted => false;
        public void GetResult() { }
        public void OnCompleted(Action continuation) => thread.Enqueue(continuation);
        public void UnsafeOnCompleted(Action continuation) => thread.Enqueue(continuation);
    }
}
