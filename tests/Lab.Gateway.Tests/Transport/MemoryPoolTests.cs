using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Tests.Support;
using Lab.Gateway.Transport;

namespace Lab.Gateway.Tests.Transport;

/// <summary>The gateway's transport receives and sends through its own pinned block pool (<c>PinnedBlockPool</c>,
/// reported through its meter), not Kestrel's 4 KiB pool and not MemoryPool&lt;byte&gt;.Shared's arrays, which
/// report nothing and left 50 slow readers holding 1.2–1.3 MiB each.</summary>
public class MemoryPoolTests
{
    [Fact]
    public async Task FramesAreReceivedIntoKestrelsBlockPool()
    {
        var rentedByOwner = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if ((instrument.Meter.Name == "Microsoft.AspNetCore.MemoryPool" && instrument.Name == "aspnetcore.memory_pool.rented")
                || (instrument.Meter.Name == "Lab.Gateway.MemoryPool" && instrument.Name == "lab.gateway.memory_pool.rented"))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, bytes, tags, _) =>
        {
            var owner = instrument.Meter.Name == "Lab.Gateway.MemoryPool" ? "gateway" : "";
            foreach (var tag in tags)
                if (tag.Key == "aspnetcore.memory_pool.owner")
                    owner = tag.Value?.ToString() ?? "";
            rentedByOwner.AddOrUpdate(owner, bytes, (_, sum) => sum + bytes);
        });
        listener.Start();

        await using var gateway = await TestGateway.StartAsync();
        using var client = new Socket(gateway.Frames.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(gateway.Frames);
        var frame = PacketWriter.Encode(new byte[60_000], 4);
        await client.SendAsync(frame, SocketFlags.None);
        var echo = new byte[frame.Length];
        for (var got = 0; got < echo.Length;)
            got += await client.ReceiveAsync(echo.AsMemory(got), SocketFlags.None) is > 0 and var n ? n : throw new IOException("closed before the echo");

        var owners = string.Join(", ", rentedByOwner.Select(kv => $"'{kv.Key}' {kv.Value} B"));
        Assert.True(rentedByOwner.GetValueOrDefault("gateway") >= 2L * frame.Length,
            $"rented by owner: {owners}; the frame and its echo are {frame.Length} B each, received and written through the gateway's pool");
        Assert.Equal(0, rentedByOwner.GetValueOrDefault("kestrel"));
    }

    [Fact]
    public void ABlockGivenBackTwiceIsKeptOnce()
    {
        using var pool = new PinnedBlockPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();
        var first = pool.Rent();
        var second = pool.Rent();
        Assert.NotSame(first, second);
        Assert.Equal(PinnedBlockPool.BlockSize, first.Memory.Length);
    }
}
