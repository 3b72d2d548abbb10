using System.Net.Sockets;
using Lab.Common.Diagnostics;
using Lab.Probes.Frames;
using Lab.Probes.Kernel;

namespace Lab.Bench;

/// <summary>What one cell does to a fresh server, returning named values (frames/s, µs, KiB, …).</summary>
internal sealed record Workload(string Id, Func<ServerProcess, BenchConfig, Task<IReadOnlyDictionary<string, double>>> RunAsync)
{
    /// <summary>Rows that compare servers are driven by labload, the native generator (the cheapest here:
    /// a .NET generator's own cost inflated every server's ratio); the <c>-probe</c> rows run the same
    /// load through <c>probe frames</c>, the user-facing probe, for reference.</summary>
    public static Workload For(string id, BenchPaths paths) => id switch
    {
        "reject" => new(id, (server, c) => Native(paths, server, c, FramesMode.Reject, c.RejectLoops, 64)),
        "reject-probe" => new(id, (server, c) => Probe(server, c, FramesMode.Reject, c.RejectLoops, 64)),
        "memory" => new(id, IdleMemoryAsync),
        "capacity" => new(id, CapacityAsync),
        "burst" => new(id, BurstAsync),
        _ when id.StartsWith("echo-", StringComparison.Ordinal) => Echo(id, paths),
        _ => throw new ArgumentException($"unknown workload {id}"),
    };

    /// <summary>What drives a workload's load: <c>labload</c>, <c>probe frames</c>, or the bench's own sockets.</summary>
    public static string GeneratorOf(string id) => id switch
    {
        _ when id.EndsWith("-probe", StringComparison.Ordinal) => "probe frames",
        "reject" => "labload",
        _ when id.StartsWith("echo-", StringComparison.Ordinal) => "labload",
        "capacity" => "probe frames",
        _ => "bench sockets",
    };

    private static Workload Echo(string id, BenchPaths paths)
    {
        var probe = id.EndsWith("-probe", StringComparison.Ordinal);
        var parts = id["echo-".Length..].Replace("-probe", "", StringComparison.Ordinal).Split('x');
        var (connections, size) = (int.Parse(parts[0]), int.Parse(parts[1]));
        return new(id, (server, c) => probe
            ? Probe(server, c, FramesMode.Echo, connections, size)
            : Native(paths, server, c, FramesMode.Echo, connections, size));
    }

    private static async Task<IReadOnlyDictionary<string, double>> Native(BenchPaths paths, ServerProcess server, BenchConfig c, FramesMode mode, int connections, int size)
    {
        // labload signals the server where its window opens and closes; the server answers each with its totals.
        // A first report beforehand: its one-time costs (the handler's JIT, the first write) stay out of the window.
        if (server.ReportsRuntime)
            await server.SampleRuntimeAsync();
        var r = await new NativeLoad(paths).RunAsync(server.Port, mode, connections, c.Measure, c.Warmup, size, server.Pid, signalServer: server.ReportsRuntime);
        var values = Values(r.PerSecond, r.P50Us, r.P99Us, r.ServerCpuS ?? 0, r.GeneratorCpuSeconds, r.Errors.Values.Sum(), r.Operations);
        if (server.ReportsRuntime)
        {
            var opened = await server.NextRuntimeSampleAsync();
            var closed = await server.NextRuntimeSampleAsync();
            AddRuntime(values, closed.Since(opened));
        }
        return values;
    }

    private static async Task<IReadOnlyDictionary<string, double>> Probe(ServerProcess server, BenchConfig c, FramesMode mode, int connections, int size)
    {
        // Reference rows for the generator's cost: no allocation or collection figures (the probe does not
        // signal the server at its window's edges).
        var r = await new FrameLoad(server.EndPoint, mode, connections, c.Measure, c.Warmup, size, 4, server.Pid, _ => { }).RunAsync();
        return Values(r.PerSecond, r.P50Us, r.P99Us, r.ServerCpuSeconds ?? 0, r.GeneratorCpuSeconds, r.Errors.Values.Sum(), r.Operations);
    }

    /// <summary>What every load cell reports, whichever generator drove it. Percentiles of nothing (no operation, or
    /// none reported) are left out, never written as 0: a 0 µs p50 would pass any "lower is better" target.</summary>
    private static Dictionary<string, double> Values(double perSecond, double? p50Us, double? p99Us, double serverCpu, double generatorCpu, double errors, double operations)
    {
        var values = new Dictionary<string, double>
        {
            ["perSecond"] = perSecond,
            ["serverCpu"] = serverCpu,
            ["generatorCpu"] = generatorCpu,
            ["errors"] = errors,
            ["operations"] = operations,
        };
        if (operations > 0 && p50Us is { } p50 && p99Us is { } p99)
            (values["p50Us"], values["p99Us"]) = (p50, p99);
        return values;
    }

    /// <summary>What the server itself counted over the window, gross: nothing subtracted.</summary>
    private static void AddRuntime(Dictionary<string, double> values, RuntimeSample window)
    {
        values["allocatedBytes"] = window.AllocatedBytes;
        values["gen0"] = window.Gen0;
        values["gen1"] = window.Gen1;
        values["gen2"] = window.Gen2;
    }

    /// <summary>RSS before and with N idle connections held: KiB per connection.</summary>
    private static async Task<IReadOnlyDictionary<string, double>> IdleMemoryAsync(ServerProcess server, BenchConfig c)
    {
        await Task.Delay(500);
        // What the idle server allocates by itself (its timers): shown beside the echo rows' allocation,
        // never subtracted from it.
        double? idleBytes = null, idleSeconds = null;
        if (server.ReportsRuntime)
        {
            await server.SampleRuntimeAsync(); // its one-time costs stay out of the idle window
            var start = await server.SampleRuntimeAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(c.IdleAllocation);
            var end = await server.SampleRuntimeAsync();
            (idleBytes, idleSeconds) = (end.Since(start).AllocatedBytes, clock.Elapsed.TotalSeconds);
        }
        var before = server.RssKiB();
        var (sockets, _) = await ConnectInWavesAsync(server, c.MemoryConnections, 500);
        var opened = sockets.Count;
        await Task.Delay(1500); // let the server finish accepting and settle
        var after = server.RssKiB();
        sockets.ForEach(s => s.Dispose());
        var values = new Dictionary<string, double>
        {
            ["rssBeforeKiB"] = before,
            ["rssAfterKiB"] = after,
            ["opened"] = opened,
        };
        if (opened > 0) // no connection held: no figure per connection (NO DATA), not a division by 1
            values["kibPerConnection"] = Math.Round((after - before) / (double)opened, 2);
        if (idleBytes is { } bytes && idleSeconds is { } seconds)
            (values["idleAllocatedBytes"], values["idleSeconds"]) = (bytes, Math.Round(seconds, 3));
        return values;
    }

    /// <summary>
    /// N connections opened W at a time (each wave's connects all in flight together), then counted on
    /// the server's side: its socket descriptors, which exist only for connections it accepted. A
    /// client's connect completes once the kernel answers; with a full accept queue the kernel drops
    /// the handshake's last ACK (ListenOverflows) and the client believes in a connection the server
    /// never sees.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, double>> BurstAsync(ServerProcess server, BenchConfig c)
    {
        await Task.Delay(500);
        var baseline = server.SocketDescriptors();
        var before = NetstatCounters.Read();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (sockets, failed) = await ConnectInWavesAsync(server, c.BurstConnections, c.BurstWave);
        var connected = clock.Elapsed;
        // Give the server a moment to take what is queued; what is still missing after that was lost.
        var accepted = 0;
        for (var waited = 0; waited < 3000; waited += 100)
        {
            accepted = server.SocketDescriptors() - baseline;
            if (accepted >= sockets.Count)
                break;
            await Task.Delay(100);
        }
        var after = NetstatCounters.Read();
        sockets.ForEach(s => s.Dispose());
        var values = new Dictionary<string, double>
        {
            ["accepted"] = accepted,
            ["clientConnected"] = sockets.Count,
            ["connectFailed"] = failed,
            ["connectSeconds"] = Math.Round(connected.TotalSeconds, 3),
        };
        // A counter /proc/net/netstat did not give is not measured (NO DATA), not 0 overflows.
        foreach (var counter in new[] { "ListenOverflows", "ListenDrops" })
            if (before.TryGetValue(counter, out var was) && after.TryGetValue(counter, out var now))
                values[char.ToLowerInvariant(counter[0]) + counter[1..]] = now - was;
        return values;
    }

    /// <summary>Opens <paramref name="count"/> connections, each wave of <paramref name="wave"/> connects
    /// all in flight together (10 s each at most); returns those that connected and how many failed.</summary>
    private static async Task<(List<Socket> Sockets, int Failed)> ConnectInWavesAsync(ServerProcess server, int count, int wave)
    {
        var sockets = new List<Socket>(count);
        var failed = 0;
        for (var opened = 0; opened < count; opened += wave)
        {
            var connected = await Task.WhenAll(Enumerable.Range(0, Math.Min(wave, count - opened)).Select(async _ =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await s.ConnectAsync(server.EndPoint, timeout.Token);
                    return s;
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    s.Dispose();
                    Interlocked.Increment(ref failed);
                    return null;
                }
            }));
            sockets.AddRange(connected.OfType<Socket>());
        }
        return (sockets, failed);
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
