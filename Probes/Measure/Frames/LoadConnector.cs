using System.Net;
using System.Net.Sockets;
using Lab.Probes.Kernel;

namespace Lab.Probes.Frames;

/// <summary>Opens the load's connections to one target, counting those opened and naming each failure
/// by its errno among the run's errors.</summary>
internal sealed class LoadConnector(IPEndPoint target, ErrorCounts errors)
{
    private int _opened;

    public int Opened => Volatile.Read(ref _opened);

    /// <summary>A connected socket (Nagle off), or null: refused or timed out (counted), or the run ended
    /// while the connect was under way (not an error).</summary>
    public async Task<Socket?> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
            Interlocked.Increment(ref _opened);
            return socket;
        }
        catch (SocketException e)
        {
            errors.Add($"connect {ErrnoName.Of(e)}");
            socket.Dispose();
            return null;
        }
        catch (OperationCanceledException) when (socket.Connected)
        {
            // The run ended as the handshake completed: the server has the connection, so hand it over to be used
            // (a reject cycle still sends its head) rather than closed with nothing sent, which the gateway's logs
            // would show as a client's unused preconnect.
            Interlocked.Increment(ref _opened);
            return socket;
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            return null;
        }
    }
}
