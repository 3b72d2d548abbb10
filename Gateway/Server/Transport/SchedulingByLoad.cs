using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Lab.Gateway.Transport;

/// <summary>
/// Chooses, for each accepted socket, where its connection's code runs. While few connections are open a
/// connection's continuations go to the thread pool, whose workers spin briefly before they sleep, so a lone
/// client's next frame finds a thread awake; once more are open they run inline on the socket engine's thread,
/// which serves many busy connections with no hand-off. The choice is made at accept and kept for the
/// connection's life: Kestrel's socket connection fixes its schedulers when it is made.
/// </summary>
internal sealed class SchedulingByLoad(SocketConnectionContextFactory inline, SocketConnectionContextFactory pooled, int pooledUpTo) : IDisposable
{
    private int _open;

    /// <summary>Connections made here and not yet closed.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Whether a connection made now would run on the thread pool.</summary>
    public bool NextIsPooled => Open < pooledUpTo;

    public ConnectionContext Create(Socket socket)
    {
        var open = Interlocked.Increment(ref _open);
        try
        {
            return new CountedConnection((open <= pooledUpTo ? pooled : inline).Create(socket), this);
        }
        catch
        {
            Closed();
            throw;
        }
    }

    /// <summary>Called once per connection made here, when Kestrel disposes it.</summary>
    public void Closed() => Interlocked.Decrement(ref _open);

    public void Dispose()
    {
        inline.Dispose();
        pooled.Dispose();
    }
}
