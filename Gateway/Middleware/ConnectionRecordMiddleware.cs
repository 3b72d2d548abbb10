using Lab.Gateway.Connections;
using Lab.Gateway.Descriptors;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Middleware;

/// <summary>
/// Gives every accepted socket its port id, its <c>init ok</c> and exactly one <c>do_terminate</c>.
/// It sits outermost, outside the connection limit, because a refused connection must still be
/// accepted, numbered and logged (never a silent drop), which a limit placed first could not do.
/// </summary>
public sealed class ConnectionRecordMiddleware(
    ConnectionDelegate next, ListenerKind listener, PortIdAllocator ids, ConnectionRegistry registry, DescriptorGuard descriptors,
    TimeSpan? httpKeepAliveTimeout, ILogger<ConnectionRecordMiddleware> logger)
{
    public async Task OnConnectionAsync(ConnectionContext context)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        var peer = context.RemoteEndPoint?.ToString() ?? "unknown";
        var portId = ids.Next(listener.ToLogName(), peer);
        var record = new ConnectionRecord(portId, listener, context.ConnectionId, context.RemoteEndPoint, context.LocalEndPoint, socket);

        var transport = context.Transport;
        context.Transport = new CountingDuplexPipe(transport, record);
        context.Features.Set(record);
        registry.Add(record);
        logger.InitOk(portId, record.Peer, record.Local, listener.ToLogName(), context.ConnectionId);
        try
        {
            if (registry.Stopping)
                record.RequestStop(TerminateReason.Shutdown);
            await next(context);
        }
        catch (Exception e) when (e is ConnectionResetException or IOException)
        {
            record.SetCloseKind(CloseKind.None);
            record.Terminate(TerminateReason.IoError, ClosingSide.Peer);
        }
        finally
        {
            if (record.Reason is null)
                EndHttpConnection(record);
            record.SetCloseKind(SocketCloser.GracefulCloseKind(socket));
            logger.DoTerminate(portId, record.Peer, record.Reason!.Value.ToLogName(), record.BytesIn, record.BytesOut, record.Frames,
                record.Requests, (long)record.Elapsed.TotalMilliseconds, record.ClosedBy!.Value.ToLogName(), record.CloseKind!.Value.ToLogName(),
                record.Reply.ToLogName());
            registry.Remove(record);
            context.Transport = transport;
            descriptors.ConnectionEnded();
        }
    }

    /// <summary>An HTTP connection ends inside Kestrel; work out from what we saw why it ended.</summary>
    private void EndHttpConnection(ConnectionRecord record)
    {
        if (record.PeerCompleted)
            record.Terminate(TerminateReason.PeerClosed, ClosingSide.Peer);
        else if (registry.Stopping)
            record.Terminate(TerminateReason.Shutdown, ClosingSide.Gateway);
        else if (httpKeepAliveTimeout is { } keepAlive
                 && Environment.TickCount64 - Volatile.Read(ref record.LastReceiveMs) >= (long)keepAlive.TotalMilliseconds)
            record.Terminate(TerminateReason.IdleTimeout, ClosingSide.Gateway);
        else
            record.Terminate(TerminateReason.ConnectionClose, ClosingSide.Gateway);
    }
}
