using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Descriptors;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Transport;

/// <summary>
/// Kestrel's socket transport with an accept loop of the gateway's own. Kestrel's listener retries a
/// failed accept() at once, so at the descriptor limit (EMFILE) it spins on both cores; this one hands
/// the failure to the <see cref="DescriptorGuard"/>, which pauses accepting until a descriptor is free.
/// Connections are still made by Kestrel's <see cref="SocketConnectionContextFactory"/>, with Kestrel's memory pool.
/// </summary>
internal sealed class GuardedSocketListenerFactory(SocketTransportOptions options, DescriptorGuard guard, ILoggerFactory loggers)
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
        var factory = new SocketConnectionContextFactory(KestrelConnectionFactoryOptions.From(options),
            loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
        return new ValueTask<IConnectionListener>(new GuardedSocketListener(listenSocket, factory, options.NoDelay, guard));
    }
}
