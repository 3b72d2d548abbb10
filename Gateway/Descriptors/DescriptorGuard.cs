using System.Net.Sockets;
using Lab.Gateway.Logging;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Descriptors;

/// <summary>
/// Keeps the gateway alive at its descriptor limit (<c>ulimit -n</c>). It owns the at-limit state:
/// after each accept it checks that a descriptor is still free (one dup); when none is, or accept()
/// itself fails with EMFILE, it pauses every listener and releases its <see cref="DescriptorReserve"/>
/// so the runtime (threads, late assembly loads, a SIGTERM handler) and the logs keep working. Queued
/// clients wait in the kernel's listen queue, as ranch's acceptors leave them. Accepting resumes when
/// the reserve can be taken back and one more descriptor is free: a connection ended.
/// gateway.log gets one <c>accept_failing</c> line when an episode starts and one
/// <c>accept_recovered</c> line when accepts have run for <see cref="QuietPeriod"/> without a pause.
/// </summary>
public sealed class DescriptorGuard : IDisposable
{
    /// <summary>A thread start takes 2, a late assembly load 2 (kept), a log append 1; shutdown after a
    /// long run loaded up to 12 more assemblies here (strace), so 32 leaves room for all of it at once.</summary>
    public const int DefaultReserve = 32;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private readonly DescriptorReserve _reserve;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly Timer _episodeWatch;
    private volatile bool _paused;
    private TaskCompletionSource _connectionEnded = NewSignal();

    private bool _inEpisode;
    private long _episodeStartMs, _lastPauseMs, _resumedMs, _episodePauses;
    private long _accepted, _acceptErrors, _pauses, _episodes, _atLimitMs;

    public DescriptorGuard(int reserve, ILogger<DescriptorGuard> log)
    {
        _reserve = new DescriptorReserve(reserve);
        _log = log;
        Limit = DescriptorCalls.SoftLimit();
        InUseAtStart = DescriptorCalls.InUse();
        _reserve.TryTake();
        _episodeWatch = new Timer(_ => EndEpisodeIfQuiet(), null, QuietPeriod, QuietPeriod);
    }

    /// <summary>The soft descriptor limit when the gateway started.</summary>
    public long Limit { get; }

    /// <summary>Descriptors open when the guard was made (before its reserve).</summary>
    public int InUseAtStart { get; }

    public int Reserve => _reserve.Size;

    /// <summary>Connections (both listeners together) that fit under the limit as it stood at start.</summary>
    public long Capacity => Math.Max(0, Limit - InUseAtStart - Reserve);

    public bool Paused => _paused;
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Writes the <c>descriptors</c> line: the limit, what was in use at start, the reserve.</summary>
    public void LogStart() => _log.Descriptors(Limit, InUseAtStart, Reserve, Capacity);

    /// <summary>Completes at once unless accepting is paused; then waits until a descriptor is free.</summary>
    public ValueTask WaitUntilAcceptingAsync(CancellationToken cancellationToken) =>
        _paused ? new ValueTask(WaitWhilePausedAsync(cancellationToken)) : ValueTask.CompletedTask;

    /// <summary>After every accept: pause before the next one if that took the last free descriptor.</summary>
    public void AfterAccept(string listener)
    {
        Interlocked.Increment(ref _accepted);
        lock (_gate)
        {
            if (_paused)
                return; // another listener paused meanwhile; this connection is served all the same
            var probe = _reserve.Any;
            if (probe >= 0 && !DescriptorCalls.AnyFree(probe, out var errno))
                Pause(listener, DescriptorCalls.ErrnoName(errno), "probe");
        }
    }

    /// <summary>accept() failed: EMFILE/ENFILE (or ENOBUFS/ENOMEM, the kernel's own shortage).</summary>
    public void AcceptFailed(string listener, SocketException error)
    {
        Interlocked.Increment(ref _acceptErrors);
        lock (_gate)
        {
            if (!_paused)
                Pause(listener, NameOf(error), "accept");
        }
    }

    public static bool IsShortage(SocketException error) =>
        error.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable;

    /// <summary>Called as every connection ends: a paused listener tries again at once.</summary>
    public void ConnectionEnded()
    {
        if (_paused)
            Volatile.Read(ref _connectionEnded).TrySetResult();
    }

    /// <summary>The <c>totals</c> line at exit.</summary>
    public void LogTotals(long logWriteFailures)
    {
        lock (_gate)
        {
            var atLimitMs = _atLimitMs + (_inEpisode ? Environment.TickCount64 - _episodeStartMs : 0);
            _log.Totals(Accepted, _pauses, Interlocked.Read(ref _acceptErrors), _episodes, atLimitMs, logWriteFailures);
        }
    }

    private void Pause(string listener, string errno, string source)
    {
        _paused = true;
        _pauses++;
        _episodePauses++;
        _lastPauseMs = Environment.TickCount64;
        var released = _reserve.IsHeld ? _reserve.Size : 0;
        _reserve.Release();
        if (_inEpisode)
            return;
        _inEpisode = true;
        _episodes++;
        _episodeStartMs = _lastPauseMs;
        _episodePauses = 1;
        _log.AcceptFailing(listener, errno, source, DescriptorCalls.SoftLimit(), DescriptorCalls.InUse(), released);
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

    private void TryResume()
    {
        lock (_gate)
        {
            if (!_paused || !_reserve.TryTake())
                return;
            if (!DescriptorCalls.AnyFree(_reserve.Any, out _))
            {
                _reserve.Release(); // the reserve fits, but then nothing is left to accept with
                return;
            }
            _paused = false;
            _resumedMs = Environment.TickCount64;
        }
    }

    private void EndEpisodeIfQuiet()
    {
        lock (_gate)
        {
            if (!_inEpisode || _paused || Environment.TickCount64 - _lastPauseMs < QuietPeriod.TotalMilliseconds)
                return;
            _inEpisode = false;
            var atLimitMs = _resumedMs - _episodeStartMs;
            _atLimitMs += atLimitMs;
            _log.AcceptRecovered(atLimitMs, _episodePauses, DescriptorCalls.SoftLimit(), DescriptorCalls.InUse());
        }
    }

    // .NET reports EMFILE and ENFILE alike (SocketError.TooManyOpenSockets, NativeErrorCode 23, "Too many
    // open files in system", measured here while strace showed accept4 failing with EMFILE): ask the
    // kernel again with dup(), which fails the same way for the same shortage.
    private string NameOf(SocketException error)
    {
        if (error.SocketErrorCode != SocketError.TooManyOpenSockets)
            return "ENOBUFS";
        var probe = _reserve.Any;
        return probe >= 0 && !DescriptorCalls.AnyFree(probe, out var errno) ? DescriptorCalls.ErrnoName(errno) : "EMFILE|ENFILE";
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _episodeWatch.Dispose();
        lock (_gate)
            _reserve.Release();
    }
}
