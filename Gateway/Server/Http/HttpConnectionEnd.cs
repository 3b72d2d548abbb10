using Lab.Gateway.Connections;

namespace Lab.Gateway.Http;

/// <summary>
/// How an HTTP endpoint connection ended. Kestrel ends an HTTP connection inside itself and says nothing
/// about why, so the connection record middleware asks this once Kestrel has returned, unless a reset or an
/// abort said it first, and it works the end out from what the record saw, in this order: the peer's FIN; the
/// gateway stopping; no byte for Kestrel's keep-alive timeout (<c>--idle-timeout</c>); otherwise the server
/// closed after a response (<c>Connection: close</c>, HTTP/1.0, an error response).
/// </summary>
internal static class HttpConnectionEnd
{
    public static void Explain(ConnectionRecord record, bool stopping, TimeSpan keepAliveTimeout)
    {
        if (record.PeerEndedInput)
            record.PeerClosed();
        else if (stopping)
            record.Stopped();
        else if (Environment.TickCount64 - record.LastReceiveMs >= (long)keepAliveTimeout.TotalMilliseconds)
            record.KeepAliveTimedOut();
        else
            record.ClosedAfterResponse();
    }
}
