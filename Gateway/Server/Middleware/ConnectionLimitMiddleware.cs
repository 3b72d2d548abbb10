using Microsoft.AspNetCore.Http.Features;
using Lab.Gateway.Connections.Features;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Middleware;

/// <summary>
/// The connection cap. At the cap Lab accepts, logs <c>refused</c> and closes at once (Kestrel's
/// choice: every refused client learns it right away and the log shows it). Erlang's ranch instead
/// stops accepting and lets the kernel's accept and SYN queues absorb the excess, so clients wait
/// silently; the backlog probe measures exactly that difference.
/// </summary>
internal sealed class ConnectionLimitMiddleware(ConnectionDelegate next, int maxConnections, ILogger<ConnectionLimitMiddleware> logger)
{
    private int _live;

    public async Task OnConnectionAsync(ConnectionContext context)
    {
        if (Interlocked.Increment(ref _live) > maxConnections)
        {
            Interlocked.Decrement(ref _live);
            var connection = context.Features.GetRequiredFeature<IConnectionIdentityFeature>();
            logger.Refused(connection.PortId, connection.Peer, maxConnections);
            context.Features.GetRequiredFeature<IConnectionRefusalFeature>().Refused();
            await context.Transport.Output.CompleteAsync();
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref _live);
        }
    }
}
