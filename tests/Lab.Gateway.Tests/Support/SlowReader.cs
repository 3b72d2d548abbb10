using System.Net;
using System.Net.Sockets;
using Lab.Framing;

namespace Lab.Gateway.Tests.Support;

/// <summary>A client that sends frames as fast as the gateway takes them and never reads an echo: once the
/// kernel's buffers on both sides are full, the gateway's echo waits on it. Its sending stops by itself when
/// the connection ends, or after <see cref="LongestRun"/>.</summary>
public sealed class SlowReader : IAsyncDisposable
{
    public static readonly TimeSpan LongestRun = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new(LongestRun);
    private long _sent;
    private Task _sending = Task.CompletedTask;

    private SlowReader(Socket socket) => Socket = socket;

    public Socket Socket { get; }
    public int LocalPort => ((IPEndPoint)Socket.LocalEndPoint!).Port;
    public long BytesSent => Interlocked.Read(ref _sent);

    /// <summary>How the sending ended: null while it goes on, else the socket error that ended it.</summary>
    public SocketError? SendEnding { get; private set; }

    /// <param name="frameBytes">Payload of each frame; whole frames go in each send.</param>
    public static async Task<SlowReader> ConnectAsync(IPEndPoint endpoint, int frameBytes = 4096)
    {
        // A small receive buffer set before connect (it also turns off the kernel's autotuning): the echoes
        // back up after a few kilobytes instead of a few megabytes.
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
        await socket.ConnectAsync(endpoint);
        var reader = new SlowReader(socket);
        var frame = PacketWriter.Encode(new byte[frameBytes], 4);
        var chunk = Enumerable.Repeat(frame, 16).SelectMany(f => f).ToArray();
        reader._sending = Task.Run(() => reader.SendLoopAsync(chunk));
        return reader;
    }

    private async Task SendLoopAsync(byte[] chunk)
    {
        try
        {
            while (true)
            {
                await Socket.SendAsync(chunk, SocketFlags.None, _stop.Token);
                Interlocked.Add(ref _sent, chunk.Length);
            }
        }
        catch (SocketException e)
        {
            SendEnding = e.SocketErrorCode;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            SendEnding = SocketError.OperationAborted;
        }
    }

    /// <summary>Waits until no byte has been sent for <paramref name="quiet"/>: the gateway has stopped reading.</summary>
    public async Task WaitUntilStalledAsync(TimeSpan? quiet = null, TimeSpan? timeout = null)
    {
        var still = quiet ?? TimeSpan.FromMilliseconds(300);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var last = -1L;
        var since = DateTime.UtcNow;
        while (true)
        {
            if (SendEnding is { } ending)
                throw new InvalidOperationException($"the connection ended ({ending}) before it stalled, after {BytesSent} bytes");
            var now = BytesSent;
            if (now != last)
            {
                (last, since) = (now, DateTime.UtcNow);
            }
            else if (now > 0 && DateTime.UtcNow - since >= still)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"still sending after {timeout}: {BytesSent} bytes");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the sending has ended (the gateway closed or reset the connection).</summary>
    public async Task<SocketError> WaitForEndAsync(TimeSpan timeout)
    {
        await _sending.WaitAsync(timeout);
        return SendEnding!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Socket.Dispose();
        await _sending.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
