using System.Buffers;
using System.Net.Sockets;
using Lab.Gateway.Transport;

namespace Lab.Gateway.Tests.Transport;

/// <summary>The connection's reads wait for the gateway's epoll loop: an idle connection holds no block, bytes that
/// arrive only after it started waiting are read, and a burst larger than a block is read whole, although the
/// edge-triggered loop reports it once.</summary>
public sealed class EpollReadinessTests : IAsyncDisposable
{
    private readonly LoopbackTransports _loopback = new();

    [Fact]
    public async Task AnIdleConnectionHoldsNoBlockAndReadsWhatArrivesLater()
    {
        var rents = new CountingPool(_loopback.Pool);
        var (server, client) = await _loopback.ConnectAsync(pool: rents);
        var reading = server.Transport.Input.ReadAsync().AsTask();
        await Task.Delay(200);
        Assert.False(reading.IsCompleted);
        Assert.Equal(0, rents.Rented);

        await client.SendAsync("late"u8.ToArray(), SocketFlags.None);
        var result = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("late"u8.ToArray(), result.Buffer.ToArray());
        Assert.Equal(1, rents.Rented);
    }

    [Fact]
    public void ARegistrationTheKernelRefusesNamesItsErrno()
    {
        // No process has descriptor 1,000,000 open (its limit is lower): epoll_ctl answers EBADF, 9. A bare SocketError
        // would not say which limit a failing registration met (ENOSPC is fs.epoll.max_user_watches).
        var refused = Assert.Throws<SocketException>(() => EpollLoop.Shared.Register(new NoTarget(), 1_000_000, EpollLoop.Interest.Read));
        Assert.Contains("epoll_ctl EPOLL_CTL_ADD failed: errno 9 (", refused.Message);
    }

    private sealed class NoTarget : EpollLoop.ITarget
    {
        public void OnEvents(bool readable, bool writable, bool ended) => throw new InvalidOperationException("never registered");
    }

    [Fact]
    public async Task ABurstOfManyBlocksIsReadWholeAndThenThePeersFin()
    {
        var (server, client) = await _loopback.ConnectAsync();
        var burst = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        await client.SendAsync(burst, SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);

        var received = new MemoryStream();
        var input = server.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            foreach (var segment in result.Buffer)
                received.Write(segment.Span);
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
                break;
        }
        Assert.Equal(burst, received.ToArray());
    }

    /// <summary>Counts the blocks a connection takes from the pool.</summary>
    private sealed class CountingPool(MemoryPool<byte> inner) : MemoryPool<byte>
    {
        private int _rented;

        public int Rented => Volatile.Read(ref _rented);

        public override int MaxBufferSize => inner.MaxBufferSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
        {
            Interlocked.Increment(ref _rented);
            return inner.Rent(minBufferSize);
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    public ValueTask DisposeAsync() => _loopback.DisposeAsync();
}
