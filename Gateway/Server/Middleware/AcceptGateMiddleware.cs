using Lab.Gateway.Connections;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>Gives a paused listener's place back when the connection ends.</summary>
internal sealed class AcceptGateMiddleware(ConnectionDelegate next, AcceptGate gate)
{
    public async Task OnConnectionAsync(ConnectionContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            gate.Release();
        }
    }
}
