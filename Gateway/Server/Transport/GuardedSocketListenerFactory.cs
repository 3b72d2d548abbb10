using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Descriptors;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Transport;

/// <summary>
/// A socket listener with an accept loop of the gateway's own. Kestrel's listener retries a failed accept() at
/// once, so at the descriptor limit (EMFILE) it spins on both cores; this one hands the failure to the
/// <see cref="DescriptorGuard"/>, which pauses accepting until a descriptor is free. The frame port's connections
/// are the gateway's own (<see cref="GatewaySocketConnection"/>, <paramref name="ownConnections"/> true); the HTTP
/// endpoint's are Kestrel's, made by its <see cref="SocketConnectionContextFactory"/>, which Kestrel's HTTP code
/// was written against. Both take their blocks from a <see cref="PinnedBlockPool"/>.
/// </summary>
internal sealed class GuardedSocketListenerFactory(SocketTransportOptions options, DescriptorGuard guard, ILoggerFactory loggers,
    bool ownConnections = false) : IConnectionListenerFactory
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
        if (ownConnections)
        {
            var pool = new PinnedBlockPool();
            var own = new GatewaySocketConnectionFactory(pool, options.UnsafePreferInlineScheduling,
                options.MaxReadBufferSize ?? long.MaxValue, options.MaxWriteBufferSize ?? long.MaxValue, options.WaitForDataBeforeAllocatingBuffer);
            return new ValueTask<IConnectionListener>(new GuardedSocketListener(listenSocket, own.Create, pool, options.NoDelay, guard));
        }
        var kestrel = new SocketConnectionContextFactory(KestrelConnectionFactoryOptions.From(options),
            loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
        return new ValueTask<IConnectionListener>(new GuardedSocketListener(listenSocket, kestrel.Create, kestrel, options.NoDelay, guard));
    }
}
