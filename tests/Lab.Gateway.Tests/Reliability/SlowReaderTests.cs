using System.Diagnostics;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;
using Lab.Gateway.Tests.Support;
using Lab.Logs;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>A client that sends frames and never reads the echoes cannot hold its connection, a slot
/// under --max-connections, or the shutdown: the send timeout, the other timeouts and shutdown all reach
/// a handler waiting to write, and what could not be sent is reset, as the log says.</summary>
public class SlowReaderTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ASlowReaderIsResetAtTheSendTimeoutAndTheLogSaysSo()
    {
        var sendTimeout = TimeSpan.FromSeconds(1.5);
        await using var gateway = await TestGateway.StartAsync(idleTimeout: Long, frameTimeout: Long, sendTimeout: sendTimeout);
        await using var slow = await SlowReader.ConnectAsync(gateway.Frames);
        await slow.WaitUntilStalledAsync();
        var stalled = Stopwatch.StartNew();

        var ending = await slow.WaitForEndAsync(TimeSpan.FromSeconds(15));
        var took = stalled.Elapsed;

        Assert.Equal(SocketError.ConnectionReset, ending);
        Assert.True(took < sendTimeout + TimeSpan.FromSeconds(2), $"reset {took.TotalSeconds:0.0} s after the client stalled; the send timeout is {sendTimeout.TotalSeconds} s");
        await gateway.WaitForNoConnectionsAsync();
        var end = (await gateway.StopAndReadLogsAsync()).ForClient("do_terminate", slow.LocalPort);
        Assert.Equal(TerminateReason.SendTimeout.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("gateway", end.GetProperty("closedBy").GetString());
        Assert.Equal("rst", end.GetProperty("closeKind").GetString());
        Assert.True(end.GetProperty("frames").GetInt64() > 0);
    }

    [Fact]
    public async Task TheIdleTimeoutReachesAConnectionWaitingToWrite()
    {
        await using var gateway = await TestGateway.StartAsync(idleTimeout: TimeSpan.FromSeconds(1), frameTimeout: Long, sendTimeout: Long);
        await using var slow = await SlowReader.ConnectAsync(gateway.Frames);
        await slow.WaitUntilStalledAsync();

        Assert.Equal(SocketError.ConnectionReset, await slow.WaitForEndAsync(TimeSpan.FromSeconds(10)));
        await gateway.WaitForNoConnectionsAsync();
        var end = (await gateway.StopAndReadLogsAsync()).ForClient("do_terminate", slow.LocalPort);
        Assert.Equal(TerminateReason.IdleTimeout.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("rst", end.GetProperty("closeKind").GetString());
    }

    [Fact]
    public async Task ShutdownDoesNotWaitForSlowReaders()
    {
        var shutdownTimeout = TimeSpan.FromSeconds(20);
        var gateway = await TestGateway.StartAsync(noTimeouts: true, shutdownTimeout: shutdownTimeout);
        var readers = new List<SlowReader>();
        try
        {
            for (var i = 0; i < 5; i++)
                readers.Add(await SlowReader.ConnectAsync(gateway.Frames));
            foreach (var reader in readers)
                await reader.WaitUntilStalledAsync();

            var clock = Stopwatch.StartNew();
            var run = await gateway.StopAndReadLogsAsync();
            var took = clock.Elapsed;

            Assert.True(took < TimeSpan.FromSeconds(5), $"the stop took {took.TotalSeconds:0.0} s; --shutdown-timeout is {shutdownTimeout.TotalSeconds} s and nothing should wait for it");
            foreach (var reader in readers)
            {
                var end = run.ForClient("do_terminate", reader.LocalPort);
                Assert.Equal("shutdown", end.GetProperty("reason").GetString());
                Assert.Equal("rst", end.GetProperty("closeKind").GetString());
                Assert.Equal(SocketError.ConnectionReset, await reader.WaitForEndAsync(TimeSpan.FromSeconds(5)));
            }
        }
        finally
        {
            foreach (var reader in readers)
                await reader.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task SlowReadersFillingEverySlotLockAFreshClientOutForNoLongerThanTheSendTimeout()
    {
        const int slots = 3;
        var sendTimeout = TimeSpan.FromSeconds(2);
        await using var gateway = await TestGateway.StartAsync(idleTimeout: Long, frameTimeout: Long, sendTimeout: sendTimeout, maxConnections: slots);
        var readers = new List<SlowReader>();
        try
        {
            for (var i = 0; i < slots; i++)
                readers.Add(await SlowReader.ConnectAsync(gateway.Frames));
            foreach (var reader in readers)
                await reader.WaitUntilStalledAsync();
            var full = Stopwatch.StartNew();

            // A fresh client tries every 100 ms until one echo comes back.
            var tries = 0;
            TimeSpan? servedAfter = null;
            while (full.Elapsed < sendTimeout + TimeSpan.FromSeconds(10))
            {
                tries++;
                using var fresh = await RawClient.ConnectAsync(gateway.Frames);
                var frame = PacketWriter.Encode("fresh"u8, 4);
                await fresh.SendAsync(frame);
                var (echo, _) = await fresh.ReadUntilAsync(frame.Length, TimeSpan.FromMilliseconds(500));
                if (echo.SequenceEqual(frame))
                {
                    servedAfter = full.Elapsed;
                    break;
                }
                await Task.Delay(100);
            }

            Assert.NotNull(servedAfter);
            Assert.True(servedAfter < sendTimeout + TimeSpan.FromSeconds(1),
                $"a fresh client was first served {servedAfter.Value.TotalSeconds:0.0} s after {slots} slow readers filled every slot (try {tries}); the send timeout is {sendTimeout.TotalSeconds} s");
            // The readers stalled one after the other: the first one's send timeout freed the slot the fresh client
            // took, and the others' come within the send timeout after it. Stopping the gateway before then ended one
            // with shutdown on a fresh clone's busy run; each is given its own send timeout (and the end is bounded).
            await gateway.WaitForNoConnectionsAsync(sendTimeout + TimeSpan.FromSeconds(5));
            var run = await gateway.StopAndReadLogsAsync();
            Assert.True(tries > 1, "the first fresh client was served: the slow readers never held the slots");
            Assert.All(readers, r => Assert.Equal("send_timeout", run.ForClient("do_terminate", r.LocalPort).GetProperty("reason").GetString()));
        }
        finally
        {
            foreach (var reader in readers)
                await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task APeerThatResetsWhileItsEchoWaitsIsLoggedAsTheReset()
    {
        await using var gateway = await TestGateway.StartAsync(idleTimeout: Long, frameTimeout: Long, sendTimeout: Long);
        await using var slow = await SlowReader.ConnectAsync(gateway.Frames);
        await slow.WaitUntilStalledAsync();
        var port = slow.LocalPort;

        slow.Socket.LingerState = new LingerOption(true, 0);
        slow.Socket.Close();

        await gateway.WaitForNoConnectionsAsync();
        var end = (await gateway.StopAndReadLogsAsync()).ForClient("do_terminate", port);
        Assert.Equal(TerminateReason.IoError.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("peer", end.GetProperty("closedBy").GetString());
        Assert.Equal("none", end.GetProperty("closeKind").GetString());
    }

    [Fact]
    public async Task AClosedConnectionWhoseQueueThePeerNeverTakesIsResetAtTheSendTimeout()
    {
        // The echoes fit under --max-pending-output (32 MB), so no write waits; but the peer, after its FIN,
        // never reads, and the transport cannot send the queue. Kestrel's transport would hold the socket
        // until the peer read it; the handler resets it once the send timeout has passed.
        var sendTimeout = TimeSpan.FromSeconds(1.5);
        await using var gateway = await TestGateway.StartAsync(idleTimeout: Long, frameTimeout: Long, sendTimeout: sendTimeout,
            maxPendingOutput: 32 * 1024 * 1024);
        using var client = new Socket(gateway.Frames.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(gateway.Frames);
        var port = ((System.Net.IPEndPoint)client.LocalEndPoint!).Port;
        var frame = PacketWriter.Encode(new byte[60_000], 4);
        for (var i = 0; i < 200; i++) // 12 MB: more than the kernel's buffers on both sides hold
            await client.SendAsync(frame, SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);
        var closed = Stopwatch.StartNew();

        await gateway.WaitForNoConnectionsAsync(TimeSpan.FromSeconds(15));
        var took = closed.Elapsed;
        var end = (await gateway.StopAndReadLogsAsync()).ForClient("do_terminate", port);

        Assert.Equal(TerminateReason.PeerClosed.ToLogName(), end.GetProperty("reason").GetString());
        Assert.Equal("rst", end.GetProperty("closeKind").GetString());
        Assert.True(took > sendTimeout - TimeSpan.FromSeconds(0.5) && took < sendTimeout + TimeSpan.FromSeconds(2),
            $"ended {took.TotalSeconds:0.0} s after the peer's FIN; the send timeout is {sendTimeout.TotalSeconds} s");
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[65536];
        var ending = SocketError.Success;
        try
        {
            while (await client.ReceiveAsync(buffer, SocketFlags.None, read.Token) > 0)
            {
            }
        }
        catch (SocketException e)
        {
            ending = e.SocketErrorCode;
        }
        Assert.Equal(SocketError.ConnectionReset, ending);
    }

    [Fact]
    public async Task AFrameLargerThanKestrelsReadBufferAndThePendingOutputBoundIsEchoed()
    {
        // Kestrel's transport pauses its receive pipe at 1 MiB unread and the output at --max-pending-output
        // (64 KiB): neither may stop a whole frame larger than both from being read and echoed.
        await using var gateway = await TestGateway.StartAsync(maxPacket: 4 * 1024 * 1024);
        using var client = await RawClient.ConnectAsync(gateway.Frames);
        var payload = Enumerable.Range(0, 2 * 1024 * 1024).Select(i => (byte)i).ToArray();
        var frame = PacketWriter.Encode(payload, 4);

        var sending = client.SendAsync(frame);
        var (echo, ending) = await client.ReadUntilAsync(frame.Length, TimeSpan.FromSeconds(10));
        await sending;

        Assert.Equal(SocketError.Success, ending);
        Assert.Equal(frame.Length, echo.Length);
        Assert.True(echo.AsSpan().SequenceEqual(frame));
    }
}
