namespace Lab.Gateway.Descriptors;

/// <summary>
/// The thread pool at the descriptor limit. Each new thread opens a pipe, and .NET 10's pool does not
/// survive a failed start: <c>PortableThreadPool.WorkerThread.MaybeAddWorkingWorker</c> lets the
/// OutOfMemoryException of <c>Thread.StartCore</c> escape a worker, which aborts the process with
/// "Out of memory." (seen with a first-chance handler after the limit was lowered under a running
/// gateway). So workers are started while descriptors are free and kept
/// (<c>System.Threading.ThreadPool.ThreadsToKeepAlive = -1</c> in Gateway.csproj), and while
/// descriptors are short the pool may not grow: it could not start a thread anyway.
/// </summary>
internal sealed class ThreadPoolGrowth
{
    private readonly int _normalMax;
    private readonly int _normalMaxIo;

    public ThreadPoolGrowth()
    {
        ThreadPool.GetMaxThreads(out _normalMax, out _normalMaxIo);
    }

    public bool Frozen { get; private set; }

    /// <summary>At least <paramref name="threads"/> workers, started now: the pool's minimum is raised to
    /// that (below its minimum the pool starts a thread at once; above, one every half second or so).</summary>
    public static void Warm(int threads)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        threads = Math.Max(threads, workers);
        ThreadPool.SetMinThreads(threads, io);
        var started = new CountdownEvent(threads);
        var release = new ManualResetEventSlim();
        for (var i = 0; i < threads; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                started.Signal();
                release.Wait(TimeSpan.FromSeconds(2)); // hold this worker so the next item needs another
            }, null);
        }
        started.Wait(TimeSpan.FromSeconds(5));
        release.Set();
    }

    /// <summary>No more workers than there are now (never below the pool's minimum).</summary>
    public void Freeze()
    {
        if (Frozen)
            return;
        ThreadPool.GetMinThreads(out var min, out _);
        Frozen = ThreadPool.SetMaxThreads(Math.Max(ThreadPool.ThreadCount, min), _normalMaxIo);
    }

    public void Thaw()
    {
        if (!Frozen)
            return;
        ThreadPool.SetMaxThreads(_normalMax, _normalMaxIo);
        Frozen = false;
    }
}
