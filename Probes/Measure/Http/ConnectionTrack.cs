using System.Diagnostics;

namespace Lab.Probes.Http;

/// <summary>
/// One connection the HTTP client opened, as the probe sees it: local port, when its connect finished,
/// how long the TCP connect took, the requests written on it, bytes each way, and how it ended. Only
/// its <see cref="SendTrackingStream"/> reports to it, through the methods below.
/// </summary>
internal sealed class ConnectionTrack(int localPort, DateTimeOffset openedAt, long connectUs, Action<ConnectionTrack> closed)
{
    private RequestTiming? _current;
    private int _requests;
    private long _sent;
    private long _received;
    private int _end;
    private int _closed;

    public int LocalPort => localPort;
    public DateTimeOffset OpenedAt => openedAt;

    /// <summary>socket.ConnectAsync from its call to its completion: the SYN / SYN-ACK / ACK round trip
    /// plus the runtime's own cost, not the time a request waited for the pool to hand it a connection.</summary>
    public long ConnectUs => connectUs;

    public int Requests => Volatile.Read(ref _requests);
    public long BytesSent => Interlocked.Read(ref _sent);
    public long BytesReceived => Interlocked.Read(ref _received);
    public ConnectionEnd End => (ConnectionEnd)Volatile.Read(ref _end);

    /// <summary>Written on at all. The pool may open a connection for a waiting request that another
    /// connection then serves; a server's own count (nginx's access log) never sees such a socket.</summary>
    public bool Used => BytesSent > 0;

    internal void Sending(int bytes)
    {
        Interlocked.Add(ref _sent, bytes);
        var request = RequestTiming.Current.Value;
        if (request is null || ReferenceEquals(request, Volatile.Read(ref _current)))
            return;
        // A new request: HTTP/1.x writes one request at a time on a connection; its head may take several writes.
        Volatile.Write(ref _current, request);
        var n = Interlocked.Increment(ref _requests);
        request.SentOn(this, n == 1 ? connectUs : null);
    }

    internal void Received(int bytes, int asked)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _received, bytes);
            // The server sends nothing unasked, so any bytes answer the last request written here.
            Volatile.Read(ref _current)?.FirstByte(Stopwatch.GetTimestamp());
        }
        else if (asked > 0)
        {
            // 0 from a zero-byte read only says data is waiting; 0 into a real buffer is the FIN.
            Ended(ConnectionEnd.ServerClosedFirst);
        }
    }

    internal void Failed() => Ended(ConnectionEnd.IoError);

    /// <param name="serverFinWaiting">The socket was readable with nothing to read as the client closed it.</param>
    internal void Closed(bool serverFinWaiting)
    {
        Ended(serverFinWaiting ? ConnectionEnd.ServerClosedFirst : ConnectionEnd.ClientClosedFirst);
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            closed(this);
    }

    private void Ended(ConnectionEnd end) => Interlocked.CompareExchange(ref _end, (int)end, (int)ConnectionEnd.Open);
}
