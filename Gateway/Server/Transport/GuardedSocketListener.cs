using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Descriptors;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Transport;

/// <summary>One listening socket; see <see cref="GuardedSocketListenerFactory"/>.</summary>
/// <param name="connections">Makes the connection for an accepted socket, started or not (<see cref="GatewaySocketConnectionFactory"/>).</param>
/// <param name="owned">What the connections share (their memory pool), disposed with the listener.</param>
internal sealed class GuardedSocketListener(Socket listenSocket, Func<Socket, ConnectionContext> connections, IDisposable owned,
    bool noDelay, DescriptorGuard guard) : IConnectionListener
{
    private readonly CancellationTokenSource _unbound = new();
    private readonly string _name = listenSocket.LocalEndPoint?.ToString() ?? "unknown";

    public EndPoint EndPoint { get; } = listenSocket.LocalEndPoint!;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                await guard.WaitUntilAcceptingAsync(_unbound.Token);
                var socket = await listenSocket.AcceptAsync(cancellationToken);
                socket.NoDelay = noDelay;
                guard.AfterAccept(_name);
                return connections(socket);
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException
                                          or SocketException { SocketErrorCode: SocketError.OperationAborted })
            {
                return null; // unbound: Kestrel stops asking
            }
            catch (SocketException e) when (DescriptorGuard.IsShortage(e))
            {
                guard.AcceptFailed(_name, e);
            }
            catch (SocketException)
            {
                // The client reset while it waited in the queue (ECONNABORTED): take the next one, as Kestrel does.
            }
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound.Cancel();
        listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _unbound.Cancel();
        listenSocket.Dispose();
        owned.Dispose();
        _unbound.Dispose();
        return ValueTask.CompletedTask;
    }
}
