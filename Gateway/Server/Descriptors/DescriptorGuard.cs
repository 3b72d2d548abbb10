using System.Net.Sockets;
using Lab.Gateway.Logging;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Descriptors;

/// <summary>
/// Keeps the gateway alive at its descriptor limit (<c>ulimit -n</c>). It owns the at-limit state and
/// an estimate of the free descriptors: limit − the process's other descriptors (counted in
/// /proc/self/fd when near the limit) − the connections it has accepted and not yet ended. When fewer
/// than <see cref="Headroom"/> would be left, or accept() itself fails with EMFILE, it pauses every
/// listener and releases its <see cref="DescriptorReserve"/>, so the runtime (threads, late assembly
/// loads, a SIGTERM handler) and the logs keep working. Queued clients wait in the kernel's listen
/// queue, as ranch's acceptors leave them. Accepting resumes once the reserve fits again with room to
/// spare: connections ended. What gateway.log says of it is <see cref="AtLimitEpisodes"/>'.
/// </summary>
internal sealed class DescriptorGuard : IDisposable
{
    /// <summary>A thread start takes 2 (a pipe), a late assembly load 2 (kept open), a log append 1. Measured
    /// with strace at the limit: one late load (Microsoft.Extensions.FileSystemGlobbing) while paused and one
    /// thread start after SIGTERM; 32 leaves room for several of each at once.</summary>
    public const int DefaultReserve = 32;

    /// <summary>Descriptors left free when accepting pauses: the pause never waits for the last one, so a
    /// thread can start at any moment (counting by allocation, e.g. dup() until EMFILE, would itself
    /// take the last ones for a moment; the estimate takes none).</summary>
    public const int Headroom = 8;

    /// <summary>Below this many estimated free descriptors the estimate is re-counted (/proc/self/fd) every
    /// second and whenever half of what was free is gone; above it nothing is counted.</summary>
    private const int RecountBelow = 1024;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly DescriptorReserve _reserve;
    private readonly ILogger _log;
    private readonly AtLimitEpisodes _episodes;
    private readonly Lock _gate = new();
    private readonly Timer _tick;
    private readonly ThreadPoolGrowth? _pool;
    private bool _short;
    private volatile bool _paused;
    private TaskCompletionSource _connectionEnded = NewSignal();
    private long _limit, _other, _live, _recountBelow = RecountBelow;
    private long _accepted, _acceptErrors;

    /// <param name="pool">The thread pool to freeze while descriptors are short; null when embedded.</param>
    public DescriptorGuard(int reserve, ThreadPoolGrowth? pool, ILogger<DescriptorGuard> log)
    {
        _reserve = new DescriptorReserve(reserve);
        _pool = pool;
        _log = log;
        _episodes = new AtLimitEpisodes(log);
        Limit = DescriptorCalls.SoftLimit();
        InUseAtStart = DescriptorCalls.InUse();
        _reserve.TryTake();
        lock (_gate)
            Recount();
        _tick = new Timer(_ => OnTick(), null, AtLimitEpisodes.QuietPeriod, AtLimitEpisodes.QuietPeriod);
    }

    /// <summary>The soft descriptor limit when the gateway started.</summary>
    public long Limit { get; }

    /// <summary>Descriptors open when the guard was made (before its reserve).</summary>
    public int InUseAtStart { get; }

    public int Reserve => _reserve.Size;

    /// <summary>Connections (both listeners together) that fit under the limit as it stood at start; an
    /// upper bound, since the first connections load more assemblies.</summary>
    public long Capacity => Math.Max(0, Limit - InUseAtStart - Reserve - Headroom);

    public bool Paused => _paused;
    public long Accepted => Interlocked.Read(ref _accepted);

    private long InUse => Volatile.Read(ref _other) + Interlocked.Read(ref _live);
    private long FreeEstimate => Volatile.Read(ref _limit) - InUse;

    /// <summary>Writes the <c>descriptors</c> line: the limit, what was in use at start, the reserve.</summary>
    public void LogStart() => _log.Descriptors(Limit, InUseAtStart, Reserve, Headroom, Capacity);

    /// <summary>Completes at once unless accepting is paused; then waits until descriptors are free.</summary>
    public ValueTask WaitUntilAcceptingAsync(CancellationToken cancellationToken) =>
        _paused ? new ValueTask(WaitWhilePausedAsync(cancellationToken)) : ValueTask.CompletedTask;

    /// <summary>After every accept (two interlocked adds unless the limit is near): pause before the next
    /// one if fewer than <see cref="Headroom"/> descriptors would be left.</summary>
    public void AfterAccept(string local)
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _live);
        // getrlimit is one cheap system call: a limit lowered under the running gateway (prlimit --pid)
        // shows in the very next accept's estimate.
        Volatile.Write(ref _limit, DescriptorCalls.SoftLimit());
        if (FreeEstimate >= Volatile.Read(ref _recountBelow))
            return;
        lock (_gate)
        {
            if (_paused)
                return; // another listener paused meanwhile; this connection is served all the same
            Recount(); // near the limit: the runtime's own descriptors grow too (late assembly loads)
            if (FreeEstimate < Headroom)
                Pause(local, "EMFILE", "headroom");
            CheckShortage();
        }
    }

    /// <summary>accept() failed: EMFILE/ENFILE (or ENOBUFS/ENOMEM, the kernel's own shortage).</summary>
    public void AcceptFailed(string local, SocketException error)
    {
        Interlocked.Increment(ref _acceptErrors);
        lock (_gate)
        {
            if (_paused)
                return;
            Pause(local, DescriptorCalls.ErrnoOf(error, _reserve.Any), "accept");
            CheckShortage();
        }
    }

    public static bool IsShortage(SocketException error) =>
        error.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable;

    /// <summary>Called as every accepted connection ends: a paused listener tries again at once.</summary>
    public void ConnectionEnded()
    {
        Interlocked.Decrement(ref _live);
        if (_paused)
            Volatile.Read(ref _connectionEnded).TrySetResult();
    }

    /// <summary>The <c>totals</c> line at exit.</summary>
    public void LogTotals(LogLosses losses)
    {
        lock (_gate)
            _episodes.LogTotals(Accepted, Interlocked.Read(ref _acceptErrors), losses);
    }

    private void Pause(string local, string errno, string source)
    {
        _paused = true;
        var released = _reserve.IsHeld ? _reserve.Size : 0;
        _reserve.Release();
        Recount(); // after the release: at the limit even /proc/self/fd needs a descriptor to be read
        // Said as it stood when accepting paused, the reserve still held.
        _episodes.Paused(local, errno, source, Volatile.Read(ref _limit), FreeEstimate - released, InUse + released, released);
    }

    private async Task WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        while (_paused)
        {
            var ended = Volatile.Read(ref _connectionEnded);
            await Task.WhenAny(ended.Task, Task.Delay(PollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (ended.Task.IsCompleted)
                Interlocked.CompareExchange(ref _connectionEnded, NewSignal(), ended);
            TryResume();
        }
    }

    /// <summary>Resumes when the reserve fits again with <see cref="Headroom"/> and a margin to spare, so
    /// that each resume takes a batch of queued clients rather than one (each resume counts /proc/self/fd).</summary>
    private void TryResume()
    {
        lock (_gate)
        {
            if (!_paused || FreeEstimate < _reserve.Size + Headroom + ResumeMargin)
                return;
            if (!_reserve.TryTake())
                return;
            Recount();
            if (FreeEstimate < Headroom + 1)
            {
                _reserve.Release(); // the estimate was stale: give the reserve back and wait
                Recount();
                return;
            }
            _paused = false;
            _episodes.Resumed();
        }
    }

    private long ResumeMargin => Math.Clamp(Volatile.Read(ref _limit) / 256, 1, 64);

    /// <summary>Re-reads the limit (prlimit can change it under a running process) and counts the
    /// descriptors that are not accepted connections. Called under the lock.</summary>
    private void Recount()
    {
        var limit = DescriptorCalls.SoftLimit();
        var inUse = DescriptorCalls.InUse();
        if (limit > 0)
            Volatile.Write(ref _limit, limit);
        Volatile.Write(ref _other, inUse >= 0 ? inUse - Interlocked.Read(ref _live) : Volatile.Read(ref _limit)); // none free: not even one to count with
        // Count again when half of what is free now is gone: a handful of counts on the way to the limit.
        Volatile.Write(ref _recountBelow, Math.Clamp(FreeEstimate / 2, Headroom, RecountBelow));
    }

    private void OnTick()
    {
        lock (_gate)
        {
            // One getrlimit a second: a limit lowered under a running gateway is noticed within it.
            if (_paused || FreeEstimate < RecountBelow || DescriptorCalls.SoftLimit() != Volatile.Read(ref _limit))
                Recount();
            if (!_paused && FreeEstimate < Headroom)
                Pause("*", "EMFILE", "count"); // the count found it: the runtime's own descriptors grew, or the limit came down
            CheckShortage();
            _episodes.EndIfQuiet(_paused, Volatile.Read(ref _limit), InUse);
        }
    }

    /// <summary>Fewer than <see cref="Headroom"/> free even with the reserve released (the limit was lowered
    /// below what the process holds): say so, and freeze the thread pool's growth until there is room again.</summary>
    private void CheckShortage()
    {
        var free = FreeEstimate;
        if (free < Headroom == _short)
            return;
        _short = !_short;
        if (_short)
            _pool?.Freeze();
        else
            _pool?.Thaw();
        _log.DescriptorsShort(_short ? "begin" : "end", Volatile.Read(ref _limit), free, InUse, ThreadPool.ThreadCount);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _tick.Dispose();
        lock (_gate)
            _reserve.Release();
    }
}
