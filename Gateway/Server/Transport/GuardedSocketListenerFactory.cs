using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Descriptors;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Lab.Gateway.Transport;

/// <summary>
/// A socket listener with an accept loop of the gateway's own. Kestrel's listener retries a failed accept() at
/// once, so at the descriptor limit (EMFILE) it spins on both cores; this one hands the failure to the
/// <see cref="DescriptorGuard"/>, which pauses accepting until a descriptor is free. Its connections are the
/// gateway's own (<see cref="GatewaySocketConnection"/>) on both ports, each listener's with a
/// <see cref="PinnedBlockPool"/> of its own, and Kestrel's socket transport options (backlog, buffers, inline
/// scheduling; an idle connection holds no block whatever <c>WaitForDataBeforeAllocatingBuffer</c> says).
/// </summary>
/// <param name="startAtAccept">Starts each connection's receive loop as it is accepted, for a server that does not
/// know to (Kestrel's, for the HTTP endpoint); the frames server starts it itself once the connection's
/// middleware waits for its first read (<see cref="GatewaySocketConnection.Start"/>). The send loop always starts
/// at accept.</param>
internal sealed class GuardedSocketListenerFactory(SocketTransportOptions options, DescriptorGuard guard, bool startAtAccept)
    : IConnectionListenerFactory
{
    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        Socket listenSocket;
        try
        {
            listenSocket = options.CreateBoundListenSocket(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new AddressInUseException(e.Message, e); // what Kestrel's own listener throws
        }
        try
        {
            listenSocket.Listen(options.Backlog);
        }
        catch
        {
            listenSocket.Dispose();
            throw;
        }
        var pool = new PinnedBlockPool();
        var connections = new GatewaySocketConnectionFactory(pool, options.UnsafePreferInlineScheduling,
            options.MaxReadBufferSize ?? long.MaxValue, options.MaxWriteBufferSize ?? long.MaxValue);
        Func<Socket, ConnectionContext> create = startAtAccept ? connections.CreateStarted : connections.Create;
        return new ValueTask<IConnectionListener>(new GuardedSocketListener(listenSocket, create, pool, options.NoDelay, guard));
    }
}
