using System.Diagnostics;

namespace Lab.Probes.Http;

/// <summary>
/// One request's clock readings, on the Stopwatch clock (monotonic), all from <see cref="Started"/>: taken
/// just before the request message is built, as the old single latency was. The worker sets
/// <see cref="Current"/>; SocketsHttpHandler writes and reads an HTTP/1.x request in its caller's async
/// flow, so the connection's stream finds the request there when the request head is written
/// (<see cref="ConnectionTrack"/>), and stamps the first response byte on it.
/// </summary>
internal sealed class RequestTiming(int index)
{
    internal static readonly AsyncLocal<RequestTiming?> Current = new();

    private long _firstByte;

    /// <summary>1, 2, … in the order the workers started the requests.</summary>
    public int Index => index;

    public long Started { get; } = Stopwatch.GetTimestamp();

    /// <summary>The connection the request was written on (the last one, if the handler retried it).</summary>
    public ConnectionTrack? Connection { get; private set; }

    /// <summary>The TCP connect of its connection, when this request was the first written on it; null on a
    /// connection an earlier request had used (keep-alive) or when it never reached a connection.</summary>
    public long? ConnectUs { get; private set; }

    /// <summary>From <see cref="Started"/> to the completion of the first read that returned response bytes.</summary>
    public long? FirstByteUs => Volatile.Read(ref _firstByte) is var t and not 0 ? Us(t) : null;

    /// <summary>From <see cref="Started"/> to the last body byte read (or to the failure).</summary>
    public long TotalUs { get; private set; }

    /// <summary>The HTTP status code, or the failure's kind (HttpRequestError, Timeout).</summary>
    public string Status { get; private set; } = "";

    internal void SentOn(ConnectionTrack connection, long? connectUs)
    {
        Connection = connection;
        ConnectUs = connectUs;
        Volatile.Write(ref _firstByte, 0);
    }

    internal void FirstByte(long now) => Interlocked.CompareExchange(ref _firstByte, now, 0);

    internal void Finished() => TotalUs = Us(Stopwatch.GetTimestamp());

    internal void Ended(string status) => Status = status;

    private long Us(long ticks) => (long)Stopwatch.GetElapsedTime(Started, ticks).TotalMicroseconds;
}
