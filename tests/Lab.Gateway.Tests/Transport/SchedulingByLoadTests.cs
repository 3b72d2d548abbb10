using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lab.Gateway.Tests.Transport;

/// <summary>
/// The gateway's listener runs a connection on the thread pool while few are open and inline on the socket
/// engine's thread once more are (<see cref="SchedulingByLoad"/>). Checked on Kestrel's real socket connections:
/// what each choice does to the connection (an inline connection's receive loop waits while its code runs, a
/// pooled one's goes on reading), and that every connection Kestrel disposes is counted closed once.
/// </summary>
public class SchedulingByLoadTests
{
    [Fact]
    public async Task ConnectionsUpToTheBoundGoToThePoolAndLaterOnesRunInline()
    {
        using var scheduling = Make(pooledUpTo: 2);
        using var listener = Listen();
        await using var first = await AcceptAsync(listener, scheduling);
        await using var second = await AcceptAsync(listener, scheduling);
        await using var third = await AcceptAsync(listener, scheduling);

        Assert.True(await ReceiveLoopGoesOnWhileItsCodeRunsAsync(first), "the first connection should run on the thread pool");
        Assert.True(await ReceiveLoopGoesOnWhileItsCodeRunsAsync(second), "the second of two allowed should run on the thread pool");
        Assert.False(await ReceiveLoopGoesOnWhileItsCodeRunsAsync(third), "the third, past the bound, should run inline");
    }

    [Fact]
    public async Task EveryDisposedConnectionIsCountedClosedOnce()
    {
        using var scheduling = Make(pooledUpTo: 1);
        using var listener = Listen();
        var first = await AcceptAsync(listener, scheduling);
        var second = await AcceptAsync(listener, scheduling);
        Assert.Equal(2, scheduling.Open);
        Assert.False(scheduling.NextIsPooled);

        first.Client.Dispose(); // the client leaves first: Kestrel's receive loop ends on its FIN
        await first.Connection.DisposeAsync();
        await first.Connection.DisposeAsync();
        Assert.Equal(1, scheduling.Open);
        Assert.False(scheduling.NextIsPooled);

        await second.Connection.DisposeAsync(); // the server ends it while the client is still there
        second.Client.Dispose();
        Assert.Equal(0, scheduling.Open);
        Assert.True(scheduling.NextIsPooled);

        await using var again = await AcceptAsync(listener, scheduling);
        Assert.True(await ReceiveLoopGoesOnWhileItsCodeRunsAsync(again), "once the others closed, a new connection should run on the thread pool again");
    }

    [Fact]
    public void ZeroRunsEveryConnectionInline()
    {
        using var scheduling = Make(pooledUpTo: 0);
        Assert.False(scheduling.NextIsPooled);
    }

    /// <summary>
    /// Blocks the connection's code in the continuation of a read, sends more from the client, and says whether
    /// the transport still took those bytes from the socket. Inline, the continuation runs inside the receive
    /// loop's flush, so the bytes stay in the kernel's queue until the code returns.
    /// </summary>
    private static async Task<bool> ReceiveLoopGoesOnWhileItsCodeRunsAsync(Accepted accepted)
    {
        using var issued = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var input = accepted.Connection.Transport.Input;
        var reading = Task.Run(async () =>
        {
            var pending = input.ReadAsync();
            issued.Set();
            var result = await pending;
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            input.AdvanceTo(result.Buffer.End);
        });
        Assert.True(issued.Wait(TimeSpan.FromSeconds(10)));
        await accepted.Client.SendAsync(new byte[] { 1 }, SocketFlags.None);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)), "the read never completed");

        await accepted.Client.SendAsync(new byte[1000], SocketFlags.None);
        var drained = false;
        for (var waited = 0; waited < 3000 && !drained; waited += 20)
        {
            await Task.Delay(20);
            drained = accepted.Server.Available == 0;
        }
        release.Set();
        await reading;
        var rest = await input.ReadAsync(); // leave nothing unread for the next check
        input.AdvanceTo(rest.Buffer.End);
        return drained;
    }

    private static SchedulingByLoad Make(int pooledUpTo)
    {
        var options = new SocketTransportOptions();
        return new SchedulingByLoad(
            new SocketConnectionContextFactory(KestrelConnectionFactoryOptions.From(options, inline: true), NullLogger.Instance),
            new SocketConnectionContextFactory(KestrelConnectionFactoryOptions.From(options, inline: false), NullLogger.Instance),
            pooledUpTo);
    }

    private static Socket Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return listener;
    }

    private static async Task<Accepted> AcceptAsync(Socket listener, SchedulingByLoad scheduling)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await listener.AcceptAsync();
        return new Accepted(client, server, scheduling.Create(server));
    }

    private sealed record Accepted(Socket Client, Socket Server, ConnectionContext Connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Connection.DisposeAsync();
        }
    }
}
