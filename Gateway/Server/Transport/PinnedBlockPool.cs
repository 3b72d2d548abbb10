using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Lab.Gateway.Transport;

/// <summary>
/// The transport's buffers: pinned blocks of <see cref="BlockSize"/>, kept for reuse. The socket connection (as Kestrel's
/// did) receives into what is left of its pipe's current block, so the block decides how many receive calls a frame
/// takes: with Kestrel's 4 KiB blocks a 4,100-byte frame took three receives, with these one
/// (docs/performance.md names the run). A connection waiting for data holds no block (it waits for readiness first), so
/// idle connections cost nothing here. Free blocks are kept up to <see cref="MaxFreeBytes"/>; past that a returned
/// block is left to the GC, so a burst does not pin its peak for the process's life.
/// </summary>
internal sealed class PinnedBlockPool : MemoryPool<byte>
{
    public const int BlockSize = 16 * 1024;
    public const long MaxFreeBytes = 32L * 1024 * 1024;

    private static readonly Meter Meter = new("Lab.Gateway.MemoryPool");
    private static readonly Counter<long> Rented = Meter.CreateCounter<long>("lab.gateway.memory_pool.rented", "By", "Bytes handed out, new or reused.");

    private readonly ConcurrentQueue<PinnedBlock> _free = new();
    private int _freeCount;
    private volatile bool _disposed;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        Rented.Add(BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            block.Lease();
            return block;
        }
        return new PinnedBlock(this, GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
    }

    /// <summary>Takes a block back unless the pool is gone or already keeps as many as it may.</summary>
    private void Return(PinnedBlock block)
    {
        if (_disposed || Interlocked.Increment(ref _freeCount) > MaxFreeBytes / BlockSize)
        {
            if (!_disposed)
                Interlocked.Decrement(ref _freeCount);
            return;
        }
        _free.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
    }

    /// <summary>One block; disposing it gives it back, once per lease.</summary>
    private sealed class PinnedBlock(PinnedBlockPool pool, byte[] pinned) : IMemoryOwner<byte>
    {
        private int _leased = 1;

        public Memory<byte> Memory { get; } = pinned;

        public void Lease() => Volatile.Write(ref _leased, 1);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _leased, 0) == 1)
                pool.Return(this);
        }
    }
}
