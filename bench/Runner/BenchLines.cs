using System.Globalization;

namespace Lab.Bench;

/// <summary>Turns cells into table lines and checks them against the benchmark issue's targets.</summary>
public static class BenchLines
{
    private sealed record Spec(string Title, string Workload, string Metric, string Unit, bool HigherIsBetter, Func<Ratios, IEnumerable<TargetCheck>>? Targets = null);

    private sealed record Ratios(double Gateway, double Otp, double Kestrel, Func<string, string, double?> Other);

    public static IReadOnlyList<BenchLine> From(IReadOnlyList<CellResult> cells, BenchConfig config)
    {
        var specs = new List<Spec>
        {
            new("echo 1 × 64 B", "echo-1x64", "p50Us", "p50 µs", false, r => [Check("p50 ≤ OTP's", r.Gateway <= r.Otp, r.Gateway, r.Otp)]),
            new("echo 1 × 64 B", "echo-1x64", "perSecond", "frames/s", true),
            new("echo 100 × 64 B", "echo-100x64", "perSecond", "frames/s", true, r =>
                [Check("≥ 1.25 × OTP", r.Gateway >= 1.25 * r.Otp, r.Gateway, r.Otp), Check("≥ 1.05 × Kestrel", r.Gateway >= 1.05 * r.Kestrel, r.Gateway, r.Kestrel)]),
            new("echo 100 × 64 B", "echo-100x64", "p99Us", "p99 µs", false, r => [Check("p99 ≤ 0.5 × OTP's", r.Gateway <= 0.5 * r.Otp, r.Gateway, r.Otp)]),
            new("echo 100 × 4096 B", "echo-100x4096", "perSecond", "frames/s", true, r =>
                [Check("≥ 1.4 × OTP", r.Gateway >= 1.4 * r.Otp, r.Gateway, r.Otp), Check("≥ 1.05 × Kestrel", r.Gateway >= 1.05 * r.Kestrel, r.Gateway, r.Kestrel)]),
        };
        foreach (var n in config.ScalingLevels)
        {
            Func<Ratios, IEnumerable<TargetCheck>>? scaling = n == 10_000
                ? r => r.Other("echo-100x64", "perSecond") is { } at100
                    ? [Check("≥ 0.8 × its own at 100", r.Gateway >= 0.8 * at100, r.Gateway, at100)]
                    : []
                : null;
            specs.Add(new($"scaling {n} × 64 B", $"echo-{n}x64", "perSecond", "frames/s", true, scaling));
            specs.Add(new($"scaling {n} × 64 B", $"echo-{n}x64", "p99Us", "p99 µs", false));
        }
        specs.Add(new($"reject, {config.RejectLoops} loops, full logging", "reject", "perSecond", "cycles/s", true, r =>
            [Check("≥ 0.8 × OTP", r.Gateway >= 0.8 * r.Otp, r.Gateway, r.Otp), Check("≥ 0.9 × Kestrel", r.Gateway >= 0.9 * r.Kestrel, r.Gateway, r.Kestrel)]));
        specs.Add(new($"idle memory, {config.MemoryConnections} held", "memory", "kibPerConnection", "KiB/connection", false, r =>
            [new TargetCheck("≤ 5 KiB", r.Gateway <= 5, Format(r.Gateway))]));
        specs.Add(new($"capacity, {config.CapacityConnections} held", "capacity", "alive", "alive", true, r =>
            [new TargetCheck($"{config.CapacityConnections} held, 0 failed", r.Gateway >= config.CapacityConnections, Format(r.Gateway))]));

        var lines = new List<BenchLine>();
        foreach (var spec in specs.Where(s => cells.Any(c => c.Workload == s.Workload)))
        {
            var mine = cells.Where(c => c.Workload == spec.Workload).ToList();
            double Median(ServerKind k, string metric) => MedianOf(mine.Where(c => c.Server == k).Select(c => c.Values.GetValueOrDefault(metric)).ToList());
            double? Other(string workload, string metric) =>
                cells.Any(c => c.Workload == workload && c.Server == ServerKind.Gateway)
                    ? MedianOf(cells.Where(c => c.Workload == workload && c.Server == ServerKind.Gateway).Select(c => c.Values.GetValueOrDefault(metric)).ToList())
                    : null;
            var ratios = new Ratios(Median(ServerKind.Gateway, spec.Metric), Median(ServerKind.Otp, spec.Metric), Median(ServerKind.Kestrel, spec.Metric), Other);
            lines.Add(new BenchLine
            {
                Title = spec.Title,
                Workload = spec.Workload,
                Metric = spec.Metric,
                Unit = spec.Unit,
                HigherIsBetter = spec.HigherIsBetter,
                Median = BenchRunner.Servers.ToDictionary(k => Name(k), k => Median(k, spec.Metric)),
                Range = BenchRunner.Servers.ToDictionary(k => Name(k), k =>
                {
                    var v = mine.Where(c => c.Server == k).Select(c => c.Values.GetValueOrDefault(spec.Metric)).ToList();
                    return v.Count == 0 ? new double[] { 0, 0 } : [v.Min(), v.Max()];
                }),
                GatewayToOtp = ratios.Otp > 0 ? Math.Round(ratios.Gateway / ratios.Otp, 2) : null,
                GatewayToKestrel = ratios.Kestrel > 0 ? Math.Round(ratios.Gateway / ratios.Kestrel, 2) : null,
                ServerCpuSeconds = BenchRunner.Servers.ToDictionary(k => Name(k), k => Median(k, "serverCpu")),
                GeneratorCpuSeconds = BenchRunner.Servers.ToDictionary(k => Name(k), k => Median(k, "generatorCpu")),
                Targets = spec.Targets?.Invoke(ratios).ToList() ?? [],
            });
        }
        return lines;
    }

    public static string Name(ServerKind kind) => kind switch
    {
        ServerKind.Gateway => "gateway",
        ServerKind.Otp => "otp",
        _ => "kestrel",
    };

    private static TargetCheck Check(string target, bool pass, double gateway, double other) =>
        new(target, pass, $"{Format(gateway)} vs {Format(other)}");

    private static string Format(double v) => v.ToString(v >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static double MedianOf(List<double> values)
    {
        if (values.Count == 0)
            return 0;
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
