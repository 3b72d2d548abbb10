using System.Net;
using System.Net.Sockets;

namespace Lab.Gateway.Tests.Support;

/// <summary>A plain socket client, for bytes no library would send.</summary>
public sealed class RawClient : IDisposable
{
    private RawClient(Socket socket) => Socket = socket;

    public Socket Socket { get; }
    public int LocalPort => ((IPEndPoint)Socket.LocalEndPoint!).Port;

    public static async Task<RawClient> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        return new RawClient(socket);
    }

    public Task SendAsync(byte[] bytes) => Socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Reads until end of stream or an error; returns what arrived and how it ended.</summary>
    public async Task<(byte[] Bytes, SocketError Ending)> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await Socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                    return (received.ToArray(), SocketError.Success);
                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException e)
        {
            return (received.ToArray(), e.SocketErrorCode);
        }
        catch (OperationCanceledException)
        {
            return (received.ToArray(), SocketError.TimedOut);
        }
    }

    /// <summary>Reads until <paramref name="count"/> bytes arrived, end of stream, an error or the timeout.</summary>
    public async Task<(byte[] Bytes, SocketError Ending)> ReadUntilAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[count];
        var got = 0;
        try
        {
            while (got < count)
            {
                var n = await Socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cts.Token);
                if (n == 0)
                    return (buffer[..got], SocketError.Success);
                got += n;
            }
            return (buffer, SocketError.Success);
        }
        catch (SocketException e)
        {
            return (buffer[..got], e.SocketErrorCode);
        }
        catch (OperationCanceledException)
        {
            return (buffer[..got], SocketError.TimedOut);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var got = 0;
        while (got < count)
        {
            var n = await Socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cts.Token);
            if (n == 0)
                throw new EndOfStreamException($"read {got} of {count} bytes");
            got += n;
        }
        return buffer;
    }

    public void Dispose() => Socket.Dispose();
}
