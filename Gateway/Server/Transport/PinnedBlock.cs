using System.Buffers;

namespace Lab.Gateway.Transport;

/// <summary>One block of a <see cref="PinnedBlockPool"/>; disposing it gives it back, once per lease.</summary>
internal sealed class PinnedBlock(PinnedBlockPool pool, byte[] pinned) : IMemoryOwner<byte>
{
    private int _leased = 1;

    public Memory<byte> Memory { get; } = pinned;

    internal void Lease() => Volatile.Write(ref _leased, 1);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _leased, 0) == 1)
            pool.Return(this);
    }
}
