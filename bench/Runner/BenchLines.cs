using System.Globalization;

namespace Lab.Bench;

/// <summary>Turns cells into table lines and checks them against the benchmark issue's targets.</summary>
internal static class BenchLines
{
    private sealed record Spec(string Title, string Workload, string Metric, string Unit, bool HigherIsBetter, Func<Medians, IEnumerable<TargetCheck>>? Targets = null);

    /// <summary>Each server's median of a workload's metric in this run; null where no cell measured it (never a 0 in its place).</summary>
    private sealed class Medians(IReadOnlyList<CellResult> cells, IReadOnlyList<ServerKind> servers, string workload, string metric, bool higherIsBetter)
    {
        public double? Of(ServerKind server) => Of(server, workload, metric);

        public double? Of(ServerKind server, string otherWorkload, string otherMetric) =>
            cells.Where(c => c.Workload == otherWorkload && c.Server == server && c.Values.ContainsKey(otherMetric)).Select(c => c.Values[otherMetric]).ToList() is { Count: > 0 } v
                ? MedianOf(v)
                : null;

        public double? Gateway => Of(ServerKind.Gateway);

        /// <summary>The best peer of this run on this metric (the highest, or the lowest where lower is better), null when no peer measured it.</summary>
        public (ServerKind Server, double Value)? BestPeer => BestPeerOf(workload, metric, higherIsBetter);

        public (ServerKind Server, double Value)? BestPeerOf(string otherWorkload, string otherMetric, bool higher)
        {
            var measured = servers.Where(k => k != ServerKind.Gateway).Select(k => (Server: k, Value: Of(k, otherWorkload, otherMetric))).Where(p => p.Value is not null)
                .Select(p => (p.Server, Value: p.Value!.Value)).ToList();
            return measured.Count == 0 ? null : higher ? measured.MaxBy(p => p.Value) : measured.MinBy(p => p.Value);
        }

        /// <summary>Which peers the best was taken from, and which the run left out: a best of two is not a best of four.</summary>
        public string PeersNote
        {
            get
            {
                var left = BenchConfig.AllServers.Where(k => k != ServerKind.Gateway && Of(k) is null).Select(Name).ToList();
                return left.Count == 0 ? "" : $"; not measured: {string.Join(", ", left)}";
            }
        }
    }

    // Issue 27 §2's targets; "best peer" is the best of OTP, Kestrel, Netty and Go in the same run.
    private static TargetCheck EchoRate(Medians m, double factor) => AgainstBestPeer($"≥ {Format(factor)} × best peer", m, (g, b) => g >= factor * b);

    /// <summary>One connection's p50 within 1.2 × the best peer's, and only while the 100 × 64 B row holds its own target in the
    /// same run: no switch that trades one for the other.</summary>
    private static TargetCheck OneConnectionLatency(Medians m)
    {
        const string target = "p50 ≤ 1.2 × best peer's, while echo 100 × 64 B ≥ 1.1 × best peer";
        var latency = AgainstBestPeer(target, m, (g, b) => g <= 1.2 * b);
        if (latency.NoData)
            return latency;
        var rate = m.Of(ServerKind.Gateway, "echo-100x64", "perSecond");
        if (rate is null || m.BestPeerOf("echo-100x64", "perSecond", higher: true) is not { } best)
            return TargetCheck.Missing(target, $"{latency.Measured}; echo 100 × 64 B: nothing measured on a side");
        var holds = rate.Value >= 1.1 * best.Value;
        return latency with
        {
            Pass = latency.Pass && holds,
            Measured = $"{latency.Measured}; echo 100 × 64 B {Format(rate.Value)} vs {Name(best.Server)} {Format(best.Value)} frames/s ({(holds ? "holds" : "does not hold")})",
        };
    }

    private static TargetCheck AgainstBestPeer(string target, Medians m, Func<double, double, bool> pass) =>
        m.Gateway is { } g && m.BestPeer is { } best
            ? new(target, pass(g, best.Value), $"{Format(g)} vs {Name(best.Server)} {Format(best.Value)}{m.PeersNote}")
            : TargetCheck.Missing(target, m.Gateway is null ? "the gateway: nothing measured" : "no peer measured");

    public static IReadOnlyList<BenchLine> From(IReadOnlyList<CellResult> cells, BenchConfig config)
    {
        var specs = new List<Spec>
        {
            new("echo 1 × 64 B", "echo-1x64", "p50Us", "p50 µs", false, m => [OneConnectionLatency(m)]),
            new("echo 1 × 64 B", "echo-1x64", "perSecond", "frames/s", true),
            new("echo 100 × 64 B", "echo-100x64", "perSecond", "frames/s", true, m => [EchoRate(m, 1.1)]),
            new("echo 100 × 64 B", "echo-100x64", "p99Us", "p99 µs", false, m =>
                [Check("p99 ≤ 1.0 × Kestrel's", m.Gateway, m.Of(ServerKind.Kestrel), (g, k) => g <= k)]),
            new("echo 100 × 4096 B", "echo-100x4096", "perSecond", "frames/s", true, m => [EchoRate(m, 1.05)]),
        };
        foreach (var n in config.ScalingLevels)
        {
            Func<Medians, IEnumerable<TargetCheck>>? scaling = n == 10_000
                ? m => m.Of(ServerKind.Gateway, "echo-100x64", "perSecond") is { } at100
                    ? [Check("≥ 0.8 × its own at 100", m.Gateway, at100, (g, own) => g >= 0.8 * own)]
                    : []
                : null;
            specs.Add(new($"scaling {n} × 64 B", $"echo-{n}x64", "perSecond", "frames/s", true, scaling));
            specs.Add(new($"scaling {n} × 64 B", $"echo-{n}x64", "p99Us", "p99 µs", false));
        }
        specs.Add(new($"reject, {config.RejectLoops} loops, full logging", "reject", "perSecond", "cycles/s", true, m =>
            [Check("≥ 1.0 × OTP", m.Gateway, m.Of(ServerKind.Otp), (g, o) => g >= o), Check("≥ 1.0 × Kestrel", m.Gateway, m.Of(ServerKind.Kestrel), (g, k) => g >= k)]));
        // The user-facing probe on the same loads, for reference: what the numbers were before labload, and
        // how much of a .NET generator's cost lands in them (its CPU column).
        specs.Add(new("echo 100 × 64 B, probe frames (reference)", "echo-100x64-probe", "perSecond", "frames/s", true));
        specs.Add(new($"reject, {config.RejectLoops} loops, probe frames (reference)", "reject-probe", "perSecond", "cycles/s", true));
        specs.Add(new($"connect burst, {config.BurstConnections} by {config.BurstWave}", "burst", "accepted", "accepted by server", true, m =>
            [Own($"all {config.BurstConnections} accepted", m.Gateway, g => g >= config.BurstConnections)]));
        specs.Add(new($"connect burst, {config.BurstConnections} by {config.BurstWave}", "burst", "listenOverflows", "ListenOverflows", false, m =>
            [Check("≤ OTP's", m.Gateway, m.Of(ServerKind.Otp), (g, o) => g <= o)]));
        specs.Add(new($"idle memory, {config.MemoryConnections} held", "memory", "kibPerConnection", "KiB/connection", false, m =>
            [Check("≤ 1.0 × OTP's", m.Gateway, m.Of(ServerKind.Otp), (g, o) => g <= o)]));
        specs.Add(new($"capacity, {config.CapacityConnections} held", "capacity", "alive", "alive", true, m =>
            [Own($"{config.CapacityConnections} held, 0 failed", m.Gateway, g => g >= config.CapacityConnections)]));

        var lines = new List<BenchLine>();
        foreach (var spec in specs.Where(s => cells.Any(c => c.Workload == s.Workload)))
        {
            var mine = cells.Where(c => c.Workload == spec.Workload).ToList();
            var servers = config.Servers;
            double Median(ServerKind k, string metric) => MedianOf(mine.Where(c => c.Server == k).Select(c => c.Values.GetValueOrDefault(metric)).ToList());
            // Only cells that measured the metric count: a value labload or the sampler could not give is absent, not 0.
            var medians = new Medians(cells, servers, spec.Workload, spec.Metric, spec.HigherIsBetter);
            double? Measured(ServerKind k, string metric) => medians.Of(k, spec.Workload, metric);
            // A load cell with errors measured something else than the target speaks of: its targets cannot pass.
            var gatewayErrors = mine.Where(c => c.Server == ServerKind.Gateway).Sum(c => c.Values.GetValueOrDefault("errors"));
            var targets = spec.Targets?.Invoke(medians).ToList() ?? [];
            if (gatewayErrors > 0)
                targets = targets.Select(t => t with { Pass = false, Measured = $"{t.Measured}; {Format(gatewayErrors)} load error(s) in the gateway's cells" }).ToList();
            double? RatioTo(ServerKind peer) => medians is { Gateway: { } g } && medians.Of(peer) is { } p && p > 0 ? Math.Round(g / p, 2) : null;
            var best = medians.BestPeer;
            lines.Add(new BenchLine
            {
                Title = spec.Title,
                Workload = spec.Workload,
                Metric = spec.Metric,
                Unit = spec.Unit,
                HigherIsBetter = spec.HigherIsBetter,
                // A server none of whose cells measured the metric has no cell here ("—"), rather than a 0.
                Median = servers.Where(k => Measured(k, spec.Metric) is not null).ToDictionary(k => Name(k), k => Measured(k, spec.Metric)!.Value),
                Range = servers.Where(k => Measured(k, spec.Metric) is not null).ToDictionary(k => Name(k), k =>
                {
                    var v = mine.Where(c => c.Server == k && c.Values.ContainsKey(spec.Metric)).Select(c => c.Values[spec.Metric]).ToList();
                    return new[] { v.Min(), v.Max() };
                }),
                GatewayToOtp = RatioTo(ServerKind.Otp),
                GatewayToKestrel = RatioTo(ServerKind.Kestrel),
                GatewayTo = servers.Where(k => k != ServerKind.Gateway && RatioTo(k) is not null).ToDictionary(Name, k => RatioTo(k)!.Value),
                BestPeer = best is { } b ? Name(b.Server) : null,
                Errors = mine.Any(c => c.Values.ContainsKey("errors"))
                    ? servers.ToDictionary(k => Name(k), k => mine.Where(c => c.Server == k).Sum(c => c.Values.GetValueOrDefault("errors")))
                    : new Dictionary<string, double>(),
                // Rows that measure no CPU (burst, memory, capacity) have none to show, rather than zeros.
                ServerCpuSeconds = MeasuresCpu(mine) ? servers.ToDictionary(k => Name(k), k => Median(k, "serverCpu")) : new Dictionary<string, double>(),
                GeneratorCpuSeconds = MeasuresCpu(mine) ? servers.ToDictionary(k => Name(k), k => Median(k, "generatorCpu")) : new Dictionary<string, double>(),
                GeneratorBound = MeasuresCpu(mine) ? servers.Where(k => Median(k, "generatorCpu") > Median(k, "serverCpu")).Select(Name).ToList() : [],
                Generator = Workload.GeneratorOf(spec.Workload),
                Collections = servers.Where(k => mine.Any(c => c.Server == k && c.Values.ContainsKey("gen0"))).ToDictionary(k => Name(k),
                    k => new[] { Median(k, "gen0"), Median(k, "gen1"), Median(k, "gen2") }),
                Targets = targets,
            });
        }
        lines.AddRange(Allocation(cells, config.Servers));
        return lines;
    }

    /// <summary>What each echo cell's allocation is held to, per frame.</summary>
    public const double AllocationTarget = 0.1;

    /// <summary>A cell's judged figure: what the server allocated in the window over the frames echoed in it.</summary>
    public static double? AllocatedPerFrame(CellResult cell) =>
        cell.Values.TryGetValue("allocatedBytes", out var bytes) && cell.Values.GetValueOrDefault("operations") is > 0 and var frames
            ? bytes / frames
            : null;

    /// <summary>
    /// Bytes the server allocated per echoed frame, one line per echo workload of at most 100
    /// connections, each cell judged on its own. The server counts them itself
    /// (GC.GetTotalAllocatedBytes) when labload signals the window's two edges: the figure is gross,
    /// nothing subtracted, and no diagnostics session allocates inside the server beside the echo path.
    /// What the idle server allocates per second (the memory cell measures it) is shown beside it. At
    /// 1,000 and 10,000 connections some connections are still being set up after the warm-up, and each
    /// one's objects would be charged to frames.
    /// </summary>
    private static IEnumerable<BenchLine> Allocation(IReadOnlyList<CellResult> cells, IReadOnlyList<ServerKind> servers)
    {
        var idle = servers
            .Select(k => (Name: Name(k), Cells: cells.Where(c => c.Server == k && c.Workload == "memory" && c.Values.GetValueOrDefault("idleSeconds") > 0).ToList()))
            .Where(i => i.Cells.Count > 0)
            .Select(i => $"{i.Name} {Format(i.Cells.Sum(c => c.Values["idleAllocatedBytes"]) / i.Cells.Sum(c => c.Values["idleSeconds"]))} B/s")
            .ToList();
        var workloads = cells.Select(c => c.Workload).Distinct().Where(w => !w.EndsWith("-probe", StringComparison.Ordinal) && EchoConnections(w) is > 0 and <= 100);
        foreach (var workload in workloads)
        {
            var perServer = servers
                .Select(k => (Name: Name(k), Figures: cells.Where(c => c.Server == k && c.Workload == workload).Select(AllocatedPerFrame).OfType<double>().ToList()))
                .Where(p => p.Figures.Count > 0)
                .ToDictionary(p => p.Name, p => p.Figures);
            if (!perServer.TryGetValue("gateway", out var gateway))
                continue;
            var gatewayCells = cells.Where(c => c.Server == ServerKind.Gateway && c.Workload == workload && AllocatedPerFrame(c) is not null).ToList();
            var worst = gatewayCells.MaxBy(c => AllocatedPerFrame(c)!.Value)!;
            var median = perServer.ToDictionary(p => p.Key, p => MedianOf([.. p.Value]));
            var kestrel = median.GetValueOrDefault("kestrel");
            yield return new BenchLine
            {
                Title = $"allocation, {workload}",
                Workload = workload,
                Metric = "allocatedPerFrame",
                Unit = "B/frame",
                HigherIsBetter = false,
                Median = median,
                Range = perServer.ToDictionary(p => p.Key, p => new[] { p.Value.Min(), p.Value.Max() }),
                GatewayToKestrel = kestrel > 0 ? Math.Round(median["gateway"] / kestrel, 2) : null,
                Generator = Workload.GeneratorOf(workload),
                ServerCpuSeconds = new Dictionary<string, double>(),
                GeneratorCpuSeconds = new Dictionary<string, double>(),
                Collections = perServer.Keys.ToDictionary(n => n, n =>
                {
                    var mine = cells.Where(c => Name(c.Server) == n && c.Workload == workload && c.Values.ContainsKey("gen0")).ToList();
                    return new[] { MedianOf(mine.Select(c => c.Values["gen0"]).ToList()), MedianOf(mine.Select(c => c.Values["gen1"]).ToList()), MedianOf(mine.Select(c => c.Values["gen2"]).ToList()) };
                }),
                Targets =
                [
                    new TargetCheck($"< {Format(AllocationTarget)} B/frame in every cell", gateway.All(f => f < AllocationTarget),
                        $"worst {Small(AllocatedPerFrame(worst)!.Value)} ({Format(worst.Values["allocatedBytes"])} B over {Format(worst.Values["operations"])} frames)"
                        + (idle.Count > 0 ? $"; idle: {string.Join(", ", idle)}" : "")),
                ],
            };
        }
    }

    private static bool MeasuresCpu(IEnumerable<CellResult> cells) => cells.Any(c => c.Values.ContainsKey("serverCpu"));

    private static int EchoConnections(string workload) =>
        workload.StartsWith("echo-", StringComparison.Ordinal) && int.TryParse(workload["echo-".Length..].Split('x')[0], out var n) ? n : 0;

    /// <summary>A server's name in the tables and the JSON (the <see cref="ServerKind"/> in lower case).</summary>
    public static string Name(ServerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The gateway's median against another's; NO DATA when either was never measured.</summary>
    private static TargetCheck Check(string target, double? gateway, double? other, Func<double, double, bool> pass) =>
        gateway is { } g && other is { } o
            ? new(target, pass(g, o), $"{Format(g)} vs {Format(o)}")
            : TargetCheck.Missing(target, $"{(gateway is null ? "the gateway" : "the other side")}: nothing measured");

    /// <summary>The gateway's median against a fixed bound; NO DATA when it was never measured.</summary>
    private static TargetCheck Own(string target, double? gateway, Func<double, bool> pass) =>
        gateway is { } g ? new(target, pass(g), Format(g)) : TargetCheck.Missing(target, "nothing measured");

    private static string Format(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture);

    /// <summary>Per-frame allocations are often well below a thousandth of a byte.</summary>
    private static string Small(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);

    private static double MedianOf(List<double> values)
    {
        if (values.Count == 0)
            return 0;
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
