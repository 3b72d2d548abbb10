using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Transport;

/// <summary>The gateway's own listener keeps Kestrel's pinned block pool: its frames are received into
/// blocks that Kestrel's pool rents (and reports through its meter), not into MemoryPool&lt;byte&gt;.Shared's
/// arrays, which report nothing and left 50 slow readers holding 1.2–1.3 MiB each.</summary>
public class MemoryPoolTests
{
    [Fact]
    public async Task FramesAreReceivedIntoKestrelsBlockPool()
    {
        var rentedByOwner = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.MemoryPool" && instrument.Name == "aspnetcore.memory_pool.rented")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, bytes, tags, _) =>
        {
            var owner = "";
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

        Assert.True(rentedByOwner.GetValueOrDefault("kestrel") >= 2L * frame.Length,
            $"rented from Kestrel's pool by owner: {string.Join(", ", rentedByOwner.Select(kv => $"'{kv.Key}' {kv.Value} B"))}; the frame and its echo are {frame.Length} B each, received and written through the pool");
    }
}
