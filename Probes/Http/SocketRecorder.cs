using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Lab.Probes.Http;

/// <summary>
/// A SocketsHttpHandler ConnectCallback that opens each socket itself and records it (client port,
/// connect time), so the probe knows every connection the HTTP client made, not just how many requests.
/// </summary>
public sealed class SocketRecorder
{
    private readonly ConcurrentQueue<(int LocalPort, DateTimeOffset At, SendTrackingStream Stream)> _sockets = new();

    public IReadOnlyCollection<(int LocalPort, DateTimeOffset At, SendTrackingStream Stream)> Sockets => _sockets;

    /// <summary>Connections the client opened but never wrote a request on.</summary>
    public int Unused => _sockets.Count(s => !s.Stream.Used);

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            var stream = new SendTrackingStream(new NetworkStream(socket, ownsSocket: true));
            _sockets.Enqueue((((IPEndPoint)socket.LocalEndPoint!).Port, DateTimeOffset.UtcNow, stream));
            return stream;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
