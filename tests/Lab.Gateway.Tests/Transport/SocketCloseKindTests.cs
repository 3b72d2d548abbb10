using System.IO.Pipelines;
using System.Net.Sockets;
using Lab.Gateway.Connections;
using Lab.Gateway.Tests.Support;
using Lab.Gateway.Transport;
using Lab.Logs;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Tests.Transport;

/// <summary>The transport says what its close put on the wire, and the peer's socket agrees: a receive of 0 for a FIN,
/// ECONNRESET for an RST. Whatever lets go of the socket first decides, and what comes after does not change it;
/// the connection's record reports the transport's word. (On the wire itself, read by tshark:
/// <c>CloseKindOnTheWireTests</c>.)</summary>
public sealed class SocketCloseKindTests : IAsyncDisposable
{
    private readonly LoopbackTransports _loopback = new();

    [Fact]
    public async Task TheOutputsCompletionClosesWithAFin()
    {
        var (server, client) = await _loopback.ConnectAsync();
        Assert.Equal(CloseKind.Fin, server.SocketClose.CloseKind); // what a graceful close would put there now
        await server.Transport.Output.CompleteAsync();

        await WaitUntilClosedAsync(server);
        Assert.Equal(CloseKind.Fin, server.SocketClose.CloseKind);
        Assert.Empty(await LoopbackTransports.ReceiveUntilEndAsync(client));
    }

    [Fact]
    public async Task AGracefulCloseOverUnreadBytesIsAnRst()
    {
        var (server, client) = await _loopback.ConnectAsync(receiving: false);
        await client.SendAsync("GET / HTTP/1.1\r\n"u8.ToArray(), SocketFlags.None);
        await WaitUntilAsync(() => server.SocketClose.HasUnreadBytes);
        Assert.Equal(CloseKind.Rst, server.SocketClose.CloseKind);

        await server.Transport.Output.CompleteAsync();

        await WaitUntilClosedAsync(server);
        Assert.Equal(CloseKind.Rst, server.SocketClose.CloseKind);
        Assert.False(server.SocketClose.HasUnreadBytes);
        await AssertResetAsync(client);
    }

    [Fact]
    public async Task AResetIsAnRstWhateverCompletesAfterIt()
    {
        var (server, client) = await _loopback.ConnectAsync();
        server.SocketClose.Reset();
        await server.Transport.Output.CompleteAsync();
        server.Abort(new ConnectionAbortedException("too late"));

        Assert.True(server.SocketClose.IsClosed);
        Assert.Equal(CloseKind.Rst, server.SocketClose.CloseKind);
        await AssertResetAsync(client);
    }

    [Fact]
    public async Task KestrelsAbortIsAFin()
    {
        var (server, client) = await _loopback.ConnectAsync();
        server.Abort(new ConnectionAbortedException("Kestrel's shutdown"));

        Assert.Equal(CloseKind.Fin, server.SocketClose.CloseKind);
        Assert.Empty(await LoopbackTransports.ReceiveUntilEndAsync(client));
    }

    [Fact]
    public async Task AfterThePeersResetTheCloseAndAResetPutNothingOnTheWire()
    {
        var (server, client) = await _loopback.ConnectAsync();
        client.LingerState = new LingerOption(true, 0);
        client.Close();
        await Assert.ThrowsAsync<ConnectionResetException>(() => LoopbackTransports.ReadUntilCompletedAsync(server.Transport.Input));

        Assert.Equal(CloseKind.None, server.SocketClose.CloseKind);
        server.SocketClose.Reset();
        await server.Transport.Output.CompleteAsync();
        Assert.Equal(CloseKind.None, server.SocketClose.CloseKind);
    }

    [Fact]
    public async Task TheRecordSaysTheTransportsCloseAndAResetSeenLaterDoesNotChangeIt()
    {
        var (graceful, gracefulClient) = await _loopback.ConnectAsync();
        var closedFirst = new ConnectionRecord(1, ListenerKind.Frames, graceful.ConnectionId, null, graceful.SocketClose);
        closedFirst.Rejected();
        await graceful.Transport.Output.CompleteAsync();
        await WaitUntilClosedAsync(graceful);
        Assert.Empty(await LoopbackTransports.ReceiveUntilEndAsync(gracefulClient));
        gracefulClient.LingerState = new LingerOption(true, 0);
        gracefulClient.Close();
        closedFirst.PeerReset(); // seen by an outer layer as it unwinds
        Assert.Equal(new ConnectionOutcome(TerminateReason.HeadError, ClosingSide.Gateway, CloseKind.Fin, ClosingReply.None),
            closedFirst.End(gatewayStopping: false));

        var (aborted, abortedClient) = await _loopback.ConnectAsync();
        var reset = new ConnectionRecord(2, ListenerKind.Frames, aborted.ConnectionId, null, aborted.SocketClose);
        reset.Abort(aborted);
        reset.Rejected();
        await aborted.Transport.Output.CompleteAsync(); // the handler's close, after the abort
        Assert.Equal(CloseKind.Rst, reset.End(false).CloseKind);
        Assert.True(reset.IsSocketClosed);
        await AssertResetAsync(abortedClient);
    }

    [Fact]
    public async Task EveryCloseIsWhatTsharkReadsOffTheWire()
    {
        var directory = Directory.CreateTempSubdirectory("lab-closekind-");
        try
        {
            using var capture = await LoopbackCapture.StartAsync(_loopback.Port, directory.FullName);
            var said = new Dictionary<int, string>();
            async Task CloseAsync(bool receiving, Func<GatewaySocketConnection, Socket, Task> close)
            {
                var (server, client) = await _loopback.ConnectAsync(receiving: receiving);
                var port = ((System.Net.IPEndPoint)client.LocalEndPoint!).Port;
                await close(server, client);
                await WaitUntilClosedAsync(server);
                said[port] = server.SocketClose.CloseKind.ToLogName();
            }

            await CloseAsync(true, async (server, _) => await server.Transport.Output.CompleteAsync());
            await CloseAsync(false, async (server, client) =>
            {
                await client.SendAsync("unread"u8.ToArray(), SocketFlags.None);
                await WaitUntilAsync(() => server.SocketClose.HasUnreadBytes);
                await server.Transport.Output.CompleteAsync();
            });
            await CloseAsync(true, (server, _) =>
            {
                server.SocketClose.Reset();
                return Task.CompletedTask;
            });
            await CloseAsync(true, (server, _) =>
            {
                server.Abort(new ConnectionAbortedException("Kestrel's shutdown"));
                return Task.CompletedTask;
            });
            await CloseAsync(true, async (server, client) =>
            {
                client.LingerState = new LingerOption(true, 0);
                client.Close();
                await Assert.ThrowsAsync<ConnectionResetException>(() => LoopbackTransports.ReadUntilCompletedAsync(server.Transport.Input));
                server.SocketClose.Reset();
            });

            var wire = await capture.StopAndReadServerClosesAsync();
            Assert.Equal(["fin", "rst", "rst", "fin", "none"], said.Values);
            Assert.Equal(said.Values, said.Keys.Select(p => wire.GetValueOrDefault(p, "none")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task AssertResetAsync(Socket client)
    {
        var thrown = await Assert.ThrowsAsync<SocketException>(() => LoopbackTransports.ReceiveUntilEndAsync(client));
        Assert.Equal(SocketError.ConnectionReset, thrown.SocketErrorCode);
    }

    private static Task WaitUntilClosedAsync(GatewaySocketConnection server) => WaitUntilAsync(() => server.SocketClose.IsClosed);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(5);
        }
    }

    public ValueTask DisposeAsync() => _loopback.DisposeAsync();
}
