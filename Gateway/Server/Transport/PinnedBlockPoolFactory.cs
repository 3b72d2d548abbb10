using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Transport;

/// <summary>Gives Kestrel's transport a <see cref="PinnedBlockPool"/> wherever it would make its own pool (registered
/// in the host's services, which Kestrel's socket transport options read).</summary>
internal sealed class PinnedBlockPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new PinnedBlockPool();
}
