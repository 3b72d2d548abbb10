using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Lab.Probes.Frames;

namespace Lab.Probes.Tests.Frames;

/// <summary>
/// A <c>{packet,4}</c> echo server on 127.0.0.1 that misbehaves on purpose, reply by reply: it splits the
/// stream into frames itself (4-byte big-endian length, then the payload, as gen_tcp's <c>{packet,4}</c>)
/// and echoes, drops, swaps, delays or damages each reply as its policy says, counting what it did.
/// </summary>
internal sealed class PacketEchoServer : IAsyncDisposable
{
    public enum Act
    {
        Echo,
        Drop,           // never answered
        SwapWithNext,   // held until the next frame's reply has gone
        Delay,          // sent after the server's delay, while later replies go out at once
        Corrupt,        // last payload byte flipped
        DontRead,       // the connection is never read again: the client's sends fill the kernel's buffers
    }

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Func<int, long, Act> _policy;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _accepted = [];
    private readonly ConcurrentBag<Task> _tasks = [];
    private readonly Task _accepting;
    private int _connections;
    private long _received, _dropped, _swapped, _delayed, _corrupted;

    /// <param name="policy">What to do with the n-th frame (1-based) of the c-th connection (0-based, in accept order).</param>
    public PacketEchoServer(Func<int, long, Act> policy, TimeSpan delay = default)
    {
        _policy = policy;
        _delay = delay;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _accepting = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public long Received => Interlocked.Read(ref _received);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Swapped => Interlocked.Read(ref _swapped);

    public long Delayed => Interlocked.Read(ref _delayed);

    public long Corrupted => Interlocked.Read(ref _corrupted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                _accepted.Add(socket);
                var index = _connections++;
                _tasks.Add(Task.Run(() => ServeAsync(socket, index)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        using var sending = new SemaphoreSlim(1);
        var header = new byte[4];
        byte[]? held = null;
        try
        {
            for (long n = 1; ; n++)
            {
                await socket.ReceiveExactlyAsync(header, _stop.Token);
                var length = BinaryPrimitives.ReadUInt32BigEndian(header);
                if (length > 1 << 20)
                    return; // not the probe's frame: a bound, never the declared length
                var frame = new byte[4 + length];
                header.CopyTo(frame, 0);
                var payload = new byte[length];
                await socket.ReceiveExactlyAsync(payload, _stop.Token);
                payload.CopyTo(frame, 4);
                Interlocked.Increment(ref _received);
                switch (_policy(connection, n))
                {
                    case Act.Drop:
                        Interlocked.Increment(ref _dropped);
                        break;
                    case Act.SwapWithNext:
                        Interlocked.Increment(ref _swapped);
                        held = frame;
                        continue; // sent after the next one
                    case Act.Delay:
                        Interlocked.Increment(ref _delayed);
                        _tasks.Add(Task.Run(async () =>
                        {
                            try
                            {
                                await Task.Delay(_delay, _stop.Token);
                                await SendAsync(socket, sending, frame);
                            }
                            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
                        }));
                        break;
                    case Act.Corrupt:
                        Interlocked.Increment(ref _corrupted);
                        frame[^1] ^= 0xFF;
                        await SendAsync(socket, sending, frame);
                        break;
                    case Act.DontRead:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        break;
                    default:
                        await SendAsync(socket, sending, frame);
                        break;
                }
                if (held is not null)
                {
                    await SendAsync(socket, sending, held);
                    held = null;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or EndOfStreamException or ObjectDisposedException) { }
    }

    private async Task SendAsync(Socket socket, SemaphoreSlim sending, byte[] frame)
    {
        await sending.WaitAsync(_stop.Token);
        try { await socket.SendAsync(frame, SocketFlags.None, _stop.Token); }
        finally { sending.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var socket in _accepted)
            socket.Dispose();
        try { await Task.WhenAll(_tasks.Append(_accepting)); }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        _stop.Dispose();
    }
}
