using System.Net.Sockets;
using Lab.Gateway.Connections;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Lab.Gateway.Middleware;

/// <summary>Turns on TCP keepalive for each accepted socket, so a peer that vanished without FIN or RST
/// (a dead path, a powered-off client) is noticed after idle + interval × count (tcp(7)).</summary>
internal sealed class KeepAliveMiddleware(ConnectionDelegate next, KeepAliveOptions options)
{
    public Task OnConnectionAsync(ConnectionContext context)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)options.Idle.TotalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)options.Interval.TotalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, options.Count);
        }
        return next(context);
    }
}
