using Lab.Gateway.Connections;
using Lab.Gateway.Connections.Features;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Logging;
using Lab.Gateway.Transport;
using Microsoft.AspNetCore.Connections;
using System.Net;
using Lab.Logs;

namespace Lab.Gateway.Middleware;

/// <summary>
/// Gives every accepted socket its port id, its <c>init ok</c> and exactly one <c>do_terminate</c>.
/// It sits outermost, outside the connection limit, because a refused connection must still be
/// accepted, numbered and logged (never a silent drop), which a limit placed first could not do.
/// It makes the connection's <see cref="ConnectionRecord"/> and hands it inward as features. It is the one
/// place an ending is finished (as Kestrel's connection execution is for its connections): the layers inside
/// say what they saw in their own flow; a reset or an abort is caught here, once; then the transport is
/// completed, an end nobody explained is explained (<paramref name="explainEnd"/>: HTTP's, since Kestrel says
/// nothing), and the record says what <c>do_terminate</c> says, with the close kind the transport reports.
/// </summary>
internal sealed class ConnectionRecordMiddleware(
    ConnectionDelegate next, ListenerKind listener, PortIdAllocator ids, ConnectionRegistry registry, DescriptorGuard descriptors,
    ConnectionLog log, Action<ConnectionRecord, bool>? explainEnd = null)
{
    private volatile LocalAddress? _lastLocal;

    public async Task OnConnectionAsync(ConnectionContext context)
    {
        var socket = context.Features.Get<ISocketCloseFeature>();
        var peer = context.RemoteEndPoint?.ToString() ?? "unknown";
        var portId = ids.Next(listener.ToLogName(), peer);
        var record = new ConnectionRecord(portId, listener, context.ConnectionId, peer, socket);

        var transport = context.Transport;
        context.Transport = new CountingDuplexPipe(transport, record);
        context.Features.Set(record);
        context.Features.Set<IConnectionIdentityFeature>(record);
        context.Features.Set<IConnectionRefusalFeature>(record);
        context.Features.Set<IHttpRequestCounterFeature>(record);
        registry.Add(record);
        log.InitOk(record, LocalText(context.LocalEndPoint));
        try
        {
            if (registry.Stopping)
                record.RequestStop(TerminateReason.Shutdown);
            await next(context);
        }
        catch (Exception e) when (e is ConnectionResetException or IOException or System.Net.Sockets.SocketException)
        {
            record.PeerReset();
            await CompleteFramesTransportAsync(context);
        }
        catch (ConnectionAbortedException)
        {
            record.Stopped(); // Kestrel aborts HTTP connections still open when shutdown's time runs out
            await CompleteFramesTransportAsync(context);
        }
        finally
        {
            explainEnd?.Invoke(record, registry.Stopping);
            log.DoTerminate(record, record.End(registry.Stopping));
            registry.Remove(record);
            context.Transport = transport;
            descriptors.ConnectionEnded();
        }
    }

    /// <summary>The listener's address as <c>init ok</c> writes it: every connection on a listener bound to one address
    /// has the same, so the last one's text is kept rather than written again per accept.</summary>
    private string LocalText(EndPoint? local)
    {
        if (local is null)
            return "unknown";
        var last = _lastLocal;
        if (last is not null && last.EndPoint.Equals(local))
            return last.Text;
        last = new LocalAddress(local, local.ToString() ?? "unknown");
        _lastLocal = last;
        return last.Text;
    }

    /// <summary>The frame handler completes its transport when a connection ends in its own flow; one that threw
    /// left it open, and it is completed here, after the catch has said how it ended. Kestrel completes an HTTP
    /// connection's itself.</summary>
    private async Task CompleteFramesTransportAsync(ConnectionContext context)
    {
        if (listener != ListenerKind.Frames)
            return;
        await context.Transport.Output.CompleteAsync();
        await context.Transport.Input.CompleteAsync();
    }

    private sealed record LocalAddress(EndPoint EndPoint, string Text);
}
