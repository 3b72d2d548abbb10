using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Lab.Probes.Http;

/// <summary>
/// A SocketsHttpHandler ConnectCallback that opens each socket itself, times its TCP connect, and wraps
/// it in a <see cref="SendTrackingStream"/>, so the probe knows every connection the HTTP client made, not
/// just how many requests. It keeps counters, a port bitmap and the connections open now, nothing per
/// closed connection: a closed one goes to <c>closed</c> (the --out rows) and is forgotten.
/// </summary>
internal sealed class SocketRecorder(Action<ConnectionTrack>? closed = null)
{
    private readonly ConcurrentDictionary<ConnectionTrack, byte> _open = new();
    private int _opened;
    private int _unusedClosed;

    public int Opened => Volatile.Read(ref _opened);

    /// <summary>The client ports the run's connections had (a port handed out twice counts once).</summary>
    public PortSet Ports { get; } = new();

    /// <summary>Connections the client opened but never wrote a request on.</summary>
    public int Unused => Volatile.Read(ref _unusedClosed) + _open.Keys.Count(c => !c.Used);

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var started = Stopwatch.GetTimestamp();
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            var connectUs = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            var track = new ConnectionTrack(port, DateTimeOffset.UtcNow, connectUs, Forget);
            _open[track] = 0;
            Ports.Add(port);
            Interlocked.Increment(ref _opened);
            return new SendTrackingStream(new NetworkStream(socket, ownsSocket: true), track);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reports the connections still open (after the handler is disposed, normally none), once each.</summary>
    public void ReportOpen()
    {
        foreach (var connection in _open.Keys)
            Forget(connection);
    }

    private void Forget(ConnectionTrack connection)
    {
        if (!_open.TryRemove(connection, out _))
            return;
        if (!connection.Used)
            Interlocked.Increment(ref _unusedClosed);
        closed?.Invoke(connection);
    }
}
