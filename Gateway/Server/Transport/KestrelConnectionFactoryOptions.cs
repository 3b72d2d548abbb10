using System.Reflection;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Lab.Gateway.Transport;

/// <summary>
/// Connection options made as Kestrel's own socket listener makes them, through its internal constructor, so
/// the memory pool's factory comes along (the gateway's <see cref="PinnedBlockPoolFactory"/>, from the host's
/// services). The public constructor leaves the pool at <c>MemoryPool&lt;byte&gt;.Shared</c> (unpinned arrays
/// from ArrayPool, garbage once its per-core cache is full), which left slow readers' buffers scattered in the
/// heap (docs/reliability.md has the measurement).
/// </summary>
internal static class KestrelConnectionFactoryOptions
{
    private static readonly ConstructorInfo? FromTransportOptions = typeof(SocketConnectionFactoryOptions).GetConstructor(
        BindingFlags.NonPublic | BindingFlags.Instance, [typeof(SocketTransportOptions)]);

    public static SocketConnectionFactoryOptions From(SocketTransportOptions options) =>
        FromTransportOptions?.Invoke([options]) as SocketConnectionFactoryOptions
        ?? throw new InvalidOperationException(
            "this ASP.NET Core has no SocketConnectionFactoryOptions(SocketTransportOptions) constructor: " +
            "the gateway's listener cannot take Kestrel's memory pool (see Gateway/Server/Transport/KestrelConnectionFactoryOptions.cs)");
}
