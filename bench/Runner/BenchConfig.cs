namespace Lab.Bench;

/// <summary>How long each cell runs and which workloads run. <see cref="Full"/> is `./lab bench`,
/// <see cref="Quick"/> the one-minute smoke run.</summary>
public sealed record BenchConfig(
    TimeSpan Warmup, TimeSpan Measure, int Repetitions, IReadOnlyList<string> Workloads,
    IReadOnlyList<int> ScalingLevels, int MemoryConnections, int CapacityConnections, int RejectLoops, int HttpRequests = 0)
{
    public static BenchConfig Full => new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), 2,
        ["echo-1x64", "echo-10x64", "echo-100x64", "echo-100x4096", "echo-1000x64", "echo-10000x64", "reject", "memory", "capacity"],
        [10, 100, 1000, 10000], 10_000, 19_000, 50, HttpRequests: 5000);

    public static BenchConfig Quick => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 1,
        ["echo-1x64", "echo-100x64", "reject", "memory"], [], 1000, 0, 50);
}
