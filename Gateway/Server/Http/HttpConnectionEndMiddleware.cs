using Lab.Gateway.Connections;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Lab.Gateway.Http;

/// <summary>
/// How an HTTP endpoint connection ended. Kestrel ends an HTTP connection inside itself and says
/// nothing about why, so this wraps its HTTP processing (the last thing on the listener) and works
/// it out from what the connection record saw, in this order: the peer's FIN; the gateway stopping;
/// no byte for Kestrel's keep-alive timeout (<c>--idle-timeout</c>); otherwise the server closed after
/// a response (<c>Connection: close</c>, HTTP/1.0, an error response).
/// </summary>
internal sealed class HttpConnectionEndMiddleware(ConnectionDelegate next, ConnectionRegistry registry, TimeSpan keepAliveTimeout)
{
    public async Task OnConnectionAsync(ConnectionContext context)
    {
        var record = context.Features.GetRequiredFeature<ConnectionRecord>();
        try
        {
            await next(context);
        }
        catch (Exception e) when (e is ConnectionResetException or IOException)
        {
            record.PeerReset();
            throw;
        }
        finally
        {
            // A no-op when the reset above has said how it ended.
            ReportEnd(record);
        }
    }

    private void ReportEnd(ConnectionRecord record)
    {
        if (record.PeerEndedInput)
            record.PeerClosed();
        else if (registry.Stopping)
            record.Stopped();
        else if (Environment.TickCount64 - record.LastReceiveMs >= (long)keepAliveTimeout.TotalMilliseconds)
            record.KeepAliveTimedOut();
        else
            record.ClosedAfterResponse();
    }
}
