using System.Collections.Concurrent;
using Lab.Logs;

namespace Lab.Gateway.Connections;

/// <summary>The live connections, by Kestrel connection id: what the timeout heartbeat checks and
/// shutdown asks to stop.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConnectionRecord> _live = new();
    private volatile bool _stopping;
    private int _count;

    /// <summary>Set when shutdown begins, so connections that end from now on say <c>shutdown</c>.</summary>
    public bool Stopping => _stopping;

    /// <summary>Kept beside the dictionary, whose own count takes every lock: the frame handler asks after each read
    /// (<see cref="SchedulingByLoad"/>).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The live connections as they are while the walk goes on (one added or removed meanwhile may or may
    /// not be seen): the heartbeat walks them every tick, and <c>Values</c> would take every lock of the dictionary
    /// and copy every record into an array each time (at 10,000 connections an 80 KB array, a few times a second).</summary>
    public IEnumerable<ConnectionRecord> Live
    {
        get
        {
            foreach (var (_, record) in _live)
                yield return record;
        }
    }

    public void Add(ConnectionRecord record)
    {
        if (_live.TryAdd(record.ConnectionId, record))
            Interlocked.Increment(ref _count);
    }

    public void Remove(ConnectionRecord record)
    {
        if (_live.TryRemove(record.ConnectionId, out _))
            Interlocked.Decrement(ref _count);
    }

    /// <summary>Shutdown's time is up: every connection still open is reset.</summary>
    public void ResetEveryLive()
    {
        foreach (var record in _live.Values)
            record.ResetAtShutdownDeadline();
    }

    public void BeginStopping()
    {
        _stopping = true;
        foreach (var record in _live.Values)
            record.RequestStop(TerminateReason.Shutdown);
    }
}
