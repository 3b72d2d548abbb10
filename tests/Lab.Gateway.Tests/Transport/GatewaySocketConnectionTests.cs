using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lab.Gateway.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Lab.Gateway.Tests.Transport;

/// <summary>The frame port's own socket connection keeps Kestrel's socket transport's contract, checked on real
/// loopback sockets from the peer's side: bytes both ways, the peer's FIN and RST as the input's end, the output's
/// completion as a FIN after everything queued, an abort, the ConnectionClosed token, the features.</summary>
public sealed class GatewaySocketConnectionTests : IAsyncDisposable
{
    private readonly LoopbackTransports _loopback = new();

    private Task<(GatewaySocketConnection Server, Socket Client)> ConnectAsync(long maxWrite = 64 * 1024) =>
        _loopback.ConnectAsync(maxWrite: maxWrite);

    private static Task<byte[]> ReceiveUntilEndAsync(Socket client) => LoopbackTransports.ReceiveUntilEndAsync(client);

    private static async Task<byte[]> ReadExactlyAsync(PipeReader input, int count)
    {
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                input.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }
            if (result.IsCompleted)
                throw new IOException($"the input ended after {result.Buffer.Length} of {count} bytes");
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    [Fact]
    public async Task BytesCrossBothWaysAndTheOutputsCompletionSendsAllOfItThenFin()
    {
        var (server, client) = await ConnectAsync();
        var request = Encoding.ASCII.GetBytes("GET /anything HTTP/1.1\r\n\r\n");
        await client.SendAsync(request, SocketFlags.None);
        Assert.Equal(request, await ReadExactlyAsync(server.Transport.Input, request.Length));

        // More than one block, so the send loop sends a buffer of several segments.
        var reply = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        await server.Transport.Output.WriteAsync(reply);
        await server.Transport.Output.CompleteAsync();

        Assert.Equal(reply, await ReceiveUntilEndAsync(client)); // a receive of 0: the FIN, after every byte
    }

    [Fact]
    public async Task ThePeersFinCompletesTheInputWithoutAnError()
    {
        var (server, client) = await ConnectAsync();
        await client.SendAsync("last"u8.ToArray(), SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);

        var input = server.Transport.Input;
        ReadResult result;
        while (!(result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).IsCompleted)
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        Assert.Equal("last", Encoding.ASCII.GetString(result.Buffer.ToArray()));
    }

    [Fact]
    public async Task ThePeersResetEndsTheInputWithAConnectionResetException()
    {
        var (server, client) = await ConnectAsync();
        client.LingerState = new LingerOption(true, 0);
        client.Close();

        var input = server.Transport.Input;
        await Assert.ThrowsAsync<ConnectionResetException>(async () =>
        {
            while (true)
            {
                var result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                    return;
            }
        });
    }

    [Fact]
    public async Task AnAbortClosesTheSocketAndEndsTheInputWithItsReason()
    {
        var (server, client) = await ConnectAsync();
        var reason = new ConnectionAbortedException("test abort");
        server.Abort(reason);

        Assert.Empty(await ReceiveUntilEndAsync(client));
        var thrown = await Assert.ThrowsAsync<ConnectionAbortedException>(async () =>
            await server.Transport.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Same(reason, thrown);
    }

    [Fact]
    public async Task ConnectionClosedFiresWhenTheReceivingEndsAndIsAlreadyCancelledWhenAskedLater()
    {
        var (server, client) = await ConnectAsync();
        var closed = new TaskCompletionSource();
        server.ConnectionClosed.Register(() => closed.TrySetResult());
        Assert.False(closed.Task.IsCompleted);

        client.Shutdown(SocketShutdown.Send);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(server.ConnectionClosed.IsCancellationRequested);

        var (later, laterClient) = await ConnectAsync();
        laterClient.Shutdown(SocketShutdown.Send);
        await LoopbackTransports.ReadUntilCompletedAsync(later.Transport.Input);
        await later.Transport.Output.CompleteAsync();
        await later.DisposeAsync();
        Assert.True(later.ConnectionClosed.IsCancellationRequested);
    }

    [Fact]
    public async Task DisposeWaitsForBothLoopsAndLeavesTheSocketClosed()
    {
        var (server, client) = await ConnectAsync();
        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(server.Socket.SafeHandle.IsClosed);
        Assert.Empty(await ReceiveUntilEndAsync(client));
    }

    [Fact]
    public async Task AFlushWaitsWhileThePeerDoesNotReadAndGoesOnWhenItDoes()
    {
        var (server, client) = await ConnectAsync(maxWrite: 64 * 1024);
        var output = server.Transport.Output;
        var chunk = new byte[64 * 1024];
        ValueTask<FlushResult> flush = default;
        var written = 0;
        // The kernel's buffers fill first; then the pipe passes its threshold and the flush waits.
        for (var i = 0; i < 400 && (flush = output.WriteAsync(chunk)).IsCompleted; i++)
            written += chunk.Length;
        Assert.False(flush.IsCompleted, $"no flush waited after {written} bytes to a peer that reads nothing");

        var reading = ReceiveUntilEndAsync(client);
        await flush.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await output.CompleteAsync();
        Assert.Equal(written + chunk.Length, (await reading).Length);
    }

    [Fact]
    public async Task TheSocketAndThePoolAreFeaturesAndOtherFeaturesCanBeSetReplacedAndRemoved()
    {
        var (server, _) = await ConnectAsync();
        var features = server.Features;
        Assert.Same(server.Socket, features.Get<IConnectionSocketFeature>()?.Socket);
        Assert.Same(_loopback.Pool, features.Get<IMemoryPoolFeature>()?.MemoryPool);
        Assert.Same(server.SocketClose, features.Get<ISocketCloseFeature>());

        var revision = features.Revision;
        features.Set<IConnectionIdFeature>(new IdFeature("a"));
        features.Set<IConnectionIdFeature>(new IdFeature("b"));
        features.Set<IConnectionItemsFeature>(null);
        Assert.Equal("b", features.Get<IConnectionIdFeature>()?.ConnectionId);
        Assert.Equal(4, features.Count()); // the connection's own three and the id
        Assert.True(features.Revision > revision);

        features.Set<IConnectionIdFeature>(null);
        Assert.Null(features.Get<IConnectionIdFeature>());
        Assert.Equal(3, features.Count());
        Assert.Throws<NotSupportedException>(() => features.Set<IConnectionSocketFeature>(null));
        Assert.Throws<NotSupportedException>(() => features.Set<ISocketCloseFeature>(null));
    }

    [Fact]
    public async Task ConnectionIdsAreThirteenCharactersAndUnique()
    {
        var (first, _) = await ConnectAsync();
        var (second, _) = await ConnectAsync();
        Assert.Matches("^[0-9A-V]{13}$", first.ConnectionId);
        Assert.NotEqual(first.ConnectionId, second.ConnectionId);
        Assert.Equal(first.RemoteEndPoint, _loopback.Clients[0].LocalEndPoint);
    }

    private sealed class IdFeature(string id) : IConnectionIdFeature
    {
        public string ConnectionId { get; set; } = id;
    }

    public ValueTask DisposeAsync() => _loopback.DisposeAsync();
}
