using System.Diagnostics;

namespace Lab.Probes.Http;

/// <summary>Hands the workers request numbers (1, 2, …) until one mode's <see cref="HttpLoad"/> is spent:
/// no new request starts once the count is reached or the duration is over; requests in flight finish.</summary>
internal sealed class RequestBudget(HttpLoad load)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _next;
    private int _capReached;

    /// <summary>A duration run that stopped at <see cref="HttpLoad.MaxRequests"/> before its time was up.</summary>
    public bool CapReached => Volatile.Read(ref _capReached) == 1;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public bool TryTake(out int index)
    {
        index = 0;
        if (load.Duration is { } duration && Elapsed >= duration)
            return false;
        index = Interlocked.Increment(ref _next);
        if (index <= load.MaxRequests)
            return true;
        if (load.Duration is not null)
            Volatile.Write(ref _capReached, 1);
        return false;
    }
}
