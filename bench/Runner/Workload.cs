using System.Net.Sockets;
using Lab.Probes.Frames;

namespace Lab.Bench;

/// <summary>What one cell does to a fresh server, returning named values (frames/s, µs, KiB, …).</summary>
public sealed record Workload(string Id, Func<ServerProcess, BenchConfig, Task<IReadOnlyDictionary<string, double>>> RunAsync)
{
    public static Workload For(string id) => id switch
    {
        "reject" => new(id, (server, c) => Load(server, c, FramesMode.Reject, c.RejectLoops, 64)),
        "memory" => new(id, IdleMemoryAsync),
        "capacity" => new(id, CapacityAsync),
        _ when id.StartsWith("echo-", StringComparison.Ordinal) => Echo(id),
        _ => throw new ArgumentException($"unknown workload {id}"),
    };

    private static Workload Echo(string id)
    {
        var parts = id["echo-".Length..].Split('x');
        return new(id, (server, c) => Load(server, c, FramesMode.Echo, int.Parse(parts[0]), int.Parse(parts[1])));
    }

    private static async Task<IReadOnlyDictionary<string, double>> Load(ServerProcess server, BenchConfig c, FramesMode mode, int connections, int size)
    {
        var r = await new FrameLoad(server.EndPoint, mode, connections, c.Measure, c.Warmup, size, 4, server.Pid, _ => { }).RunAsync();
        return new Dictionary<string, double>
        {
            ["perSecond"] = r.PerSecond,
            ["p50Us"] = r.P50Us,
            ["p99Us"] = r.P99Us,
            ["serverCpu"] = r.ServerCpuSeconds ?? 0,
            ["generatorCpu"] = r.GeneratorCpuSeconds,
            ["errors"] = r.Errors.Values.Sum(),
        };
    }

    /// <summary>RSS before and with N idle connections held: KiB per connection.</summary>
    private static async Task<IReadOnlyDictionary<string, double>> IdleMemoryAsync(ServerProcess server, BenchConfig c)
    {
        await Task.Delay(500);
        var before = server.RssKiB();
        var sockets = new List<Socket>();
        using var gate = new SemaphoreSlim(500);
        var opened = 0;
        await Task.WhenAll(Enumerable.Range(0, c.MemoryConnections).Select(async _ =>
        {
            await gate.WaitAsync();
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await s.ConnectAsync(server.EndPoint);
                Interlocked.Increment(ref opened);
                lock (sockets) sockets.Add(s);
            }
            catch (SocketException) { s.Dispose(); }
            finally { gate.Release(); }
        }));
        await Task.Delay(1500); // let the server finish accepting and settle
        var after = server.RssKiB();
        sockets.ForEach(s => s.Dispose());
        return new Dictionary<string, double>
        {
            ["kibPerConnection"] = Math.Round((after - before) / (double)Math.Max(1, opened), 2),
            ["rssBeforeKiB"] = before,
            ["rssAfterKiB"] = after,
            ["opened"] = opened,
        };
    }

    private static async Task<IReadOnlyDictionary<string, double>> CapacityAsync(ServerProcess server, BenchConfig c)
    {
        var r = await new FrameLoad(server.EndPoint, FramesMode.Hold, c.CapacityConnections, TimeSpan.FromSeconds(2), TimeSpan.Zero, 16, 4,
            server.Pid, _ => { }).RunAsync();
        return new Dictionary<string, double>
        {
            ["alive"] = r.ConnectionsAlive ?? 0,
            ["failed"] = c.CapacityConnections - (r.ConnectionsAlive ?? 0),
        };
    }
}
