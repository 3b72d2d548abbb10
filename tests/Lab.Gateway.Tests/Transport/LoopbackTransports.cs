using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Transport;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Tests.Transport;

/// <summary>Gateway socket connections accepted on a loopback listener, each with its client socket, disposed together.</summary>
internal sealed class LoopbackTransports : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<IAsyncDisposable> _connections = [];

    public LoopbackTransports()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
    }

    public PinnedBlockPool Pool { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public List<Socket> Clients { get; } = [];

    /// <param name="receiving">Start the receive loop too (false: what the client sends stays in the kernel's queue).</param>
    /// <param name="pool">The connection's blocks (the shared <see cref="Pool"/> unless given).</param>
    public async Task<(GatewaySocketConnection Server, Socket Client)> ConnectAsync(
        bool inlineIo = true, long maxWrite = 64 * 1024, bool receiving = true, System.Buffers.MemoryPool<byte>? pool = null)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Clients.Add(client);
        var accepting = _listener.AcceptAsync();
        await client.ConnectAsync(_listener.LocalEndPoint!);
        var factory = new GatewaySocketConnectionFactory(pool ?? Pool, inlineIo, 1024 * 1024, maxWrite);
        var server = factory.Create(await accepting);
        if (receiving)
            server.Start();
        _connections.Add(server);
        return (server, client);
    }

    /// <summary>Everything the client receives up to the server's FIN; an RST throws (SocketException, ConnectionReset).</summary>
    public static async Task<byte[]> ReceiveUntilEndAsync(Socket client)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) is > 0 and var n)
            all.Write(buffer, 0, n);
        return all.ToArray();
    }

    /// <summary>Reads and consumes the server's input until it completes (an error ends it by throwing).</summary>
    public static async Task ReadUntilCompletedAsync(System.IO.Pipelines.PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
                return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception e) when (e is ConnectionAbortedException or ConnectionResetException)
            {
            }
        }
        foreach (var client in Clients)
            client.Dispose();
        _listener.Dispose();
        Pool.Dispose();
    }
}
