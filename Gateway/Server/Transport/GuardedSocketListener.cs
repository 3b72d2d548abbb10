using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Descriptors;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Transport;

/// <summary>One listening socket; see <see cref="GuardedSocketListenerFactory"/>. It accepts on the gateway's
/// <see cref="EpollLoop"/>, one connection per event, so a connection's code starts on the thread that goes on to
/// read and close it. The loop watches it level-triggered while an accept waits; an event that finds none waiting (the
/// accepts paused at the descriptor limit or the connection cap) stops the watching until the next wait, which would
/// otherwise be reported at every turn of the loop.</summary>
/// <param name="connections">Makes the connection for an accepted socket, started or not (<see cref="GatewaySocketConnectionFactory"/>).</param>
/// <param name="owned">What the connections share (their memory pool), disposed with the listener.</param>
internal sealed class GuardedSocketListener(Socket listenSocket, Func<Socket, ConnectionContext> connections, IDisposable owned,
    bool noDelay, DescriptorGuard guard) : IConnectionListener, EpollLoop.ITarget
{
    private readonly CancellationTokenSource _unbound = new();
    private readonly string _name = listenSocket.LocalEndPoint?.ToString() ?? "unknown";
    private readonly SocketReadiness _pending = new();
    private readonly object _registration = new();
    // Guarded by _registration.
    private int _slot = -1;
    private bool _watched;

    public EndPoint EndPoint { get; } = listenSocket.LocalEndPoint!;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var cancelled = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static l => ((GuardedSocketListener)l!)._pending.Signal(), this)
            : default;
        while (true)
        {
            try
            {
                await guard.WaitUntilAcceptingAsync(_unbound.Token);
                await WaitForPendingAsync();
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(_unbound.IsCancellationRequested, this);
                var socket = listenSocket.Accept();
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
                // Nothing pending after all (WouldBlock), or the client reset while it waited in the queue
                // (ECONNABORTED): take the next one, as Kestrel does.
            }
        }
    }

    void EpollLoop.ITarget.OnEvents(bool readable, bool writable, bool ended)
    {
        if (_pending.Signal())
            return;
        lock (_registration)
        {
            if (_watched && !_pending.IsWaiting && !_unbound.IsCancellationRequested)
            {
                EpollLoop.Shared.Change(_slot, listenSocket.SafeHandle.DangerousGetHandle(), EpollLoop.Interest.Level);
                _watched = false;
            }
        }
    }

    /// <summary>Waits until a connection is pending: the listener is registered at the first wait, and watched again
    /// at a wait after an event stopped the watching.</summary>
    private ValueTask WaitForPendingAsync()
    {
        lock (_registration)
        {
            if (_unbound.IsCancellationRequested)
                return ValueTask.CompletedTask;
            if (!_watched)
            {
                var fd = listenSocket.SafeHandle.DangerousGetHandle();
                const EpollLoop.Interest interest = EpollLoop.Interest.Read | EpollLoop.Interest.Level;
                if (_slot < 0)
                {
                    listenSocket.Blocking = false; // an accept after a stale event finds nothing rather than waiting
                    _slot = EpollLoop.Shared.Register(this, fd, interest);
                }
                else
                {
                    EpollLoop.Shared.Change(_slot, fd, interest);
                }
                _watched = true;
            }
            // Inside the lock: an event's check for a waiter, above, sees this wait or comes after it.
            return _pending.WaitAsync();
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        Unbind();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Unbind();
        owned.Dispose();
        _unbound.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Unbind()
    {
        lock (_registration)
        {
            if (_unbound.IsCancellationRequested)
                return;
            _unbound.Cancel();
            if (_slot >= 0)
                EpollLoop.Shared.Release(_slot);
            listenSocket.Dispose();
        }
        _pending.Signal(); // an accept waiting for a connection learns there will be none
    }
}
