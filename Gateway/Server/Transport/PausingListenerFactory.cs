using System.Net;
using Lab.Gateway.Connections;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Transport;

/// <summary>
/// Wraps the gateway's listener factory so that one listener (the frame port, recognised by the very
/// EndPoint instance it was configured with) calls accept() only while the <see cref="AcceptGate"/>
/// has a place: at the cap the gateway stops accepting, as ranch does, instead of accepting to refuse.
/// </summary>
internal sealed class PausingListenerFactory(IConnectionListenerFactory inner, EndPoint gated, AcceptGate gate) : IConnectionListenerFactory
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = await inner.BindAsync(endpoint, cancellationToken);
        return ReferenceEquals(endpoint, gated) ? new PausingListener(listener, gate) : listener;
    }

    private sealed class PausingListener(IConnectionListener inner, AcceptGate gate) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            var connection = await inner.AcceptAsync(cancellationToken);
            if (connection is null)
                gate.Release(); // the listener is closing: no connection took the place
            return connection;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
