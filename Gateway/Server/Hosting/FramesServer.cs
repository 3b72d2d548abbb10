using System.Net;
using Lab.Gateway.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Hosting;

/// <summary>
/// The frame port's own server, as Bedrock.Framework runs one over <see cref="IConnectionListenerFactory"/>: an
/// accept loop over the gateway's guarded listener that starts each connection's middleware on the thread that
/// accepted it, where it runs until its first wait, and only then the connection's receive loop
/// (<see cref="GatewaySocketConnection.Start"/>). Kestrel's server queues every
/// new connection to the thread pool instead; thousands of short connections a second kept the pool's workers
/// waking and spinning for them (docs/performance.md names the run). The HTTP endpoint stays on Kestrel's server.
/// </summary>
internal sealed partial class FramesServer(IConnectionListenerFactory factory, ConnectionDelegate application, ILogger<FramesServer> logger)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IConnectionListener? _listener;
    private Task _accepting = Task.CompletedTask;
    // Connections whose middleware has not returned yet, plus one for the accept loop while it runs.
    private int _running = 1;

    public EndPoint EndPoint => _listener?.EndPoint ?? throw new InvalidOperationException("the frames server is not bound");

    /// <summary>Binds (an address in use throws here, as Kestrel's start would) and starts accepting.</summary>
    public async Task StartAsync(EndPoint endPoint)
    {
        _listener = await factory.BindAsync(endPoint);
        _accepting = AcceptAsync(_listener);
    }

    private async Task AcceptAsync(IConnectionListener listener)
    {
        try
        {
            while (await listener.AcceptAsync() is { } connection)
            {
                Interlocked.Increment(ref _running);
                _ = RunAsync(connection);
            }
        }
        catch (ObjectDisposedException)
        {
            // unbound and disposed while an accept was pending: the loop's end, as a null would be
        }
        finally
        {
            Left();
        }
    }

    /// <summary>What Kestrel's connection execution does for one connection: the middleware, an error it let
    /// through logged (a peer's reset never reaches here: the record middleware takes it), then the transport
    /// disposed, which waits for its loops.</summary>
    private async Task RunAsync(ConnectionContext connection)
    {
        try
        {
            // The application runs until its first wait (the handler's first read) before the socket is read at all.
            var running = application(connection);
            (connection as GatewaySocketConnection)?.Start();
            await running;
        }
        catch (Exception e)
        {
            UnhandledException(logger, connection.ConnectionId, e);
        }
        finally
        {
            try
            {
                await connection.DisposeAsync();
            }
            finally
            {
                Left();
            }
        }
    }

    private void Left()
    {
        if (Interlocked.Decrement(ref _running) == 0)
            _drained.TrySetResult();
    }

    /// <summary>Stops accepting and waits for every connection's middleware to return, at most
    /// <paramref name="wait"/>: the host has asked each to end (shutdown) and resets what is left at its own
    /// deadline, before this one runs out.</summary>
    /// <returns>How many connections were still running when the wait ran out (0: all ended).</returns>
    public async Task<int> StopAsync(TimeSpan wait)
    {
        if (_listener is null)
            return 0;
        await _listener.UnbindAsync();
        await _accepting;
        var left = await Task.WhenAny(_drained.Task, Task.Delay(wait)) == _drained.Task ? 0 : Volatile.Read(ref _running);
        if (left > 0)
            ConnectionsStillRunning(logger, left, wait.TotalSeconds);
        await _listener.DisposeAsync();
        return left;
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "Unhandled exception while processing {ConnectionId}.")]
    private static partial void UnhandledException(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Count} frame connection(s) still running {Seconds} s after the stop began; the gateway stops without them.")]
    private static partial void ConnectionsStillRunning(ILogger logger, int count, double seconds);
}
