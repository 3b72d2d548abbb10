namespace Lab.Bench;

/// <summary>How long each cell runs and which workloads run. <see cref="Full"/> is `./lab bench`,
/// <see cref="Quick"/> the one-minute smoke run.</summary>
internal sealed record BenchConfig(
    TimeSpan Warmup, TimeSpan Measure, int Repetitions, IReadOnlyList<string> Workloads,
    IReadOnlyList<int> ScalingLevels, int MemoryConnections, int CapacityConnections, int RejectLoops, int HttpRequests = 0)
{
    /// <summary>How long the memory cell watches the idle server's allocation before it opens connections.</summary>
    public TimeSpan IdleAllocation { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>The servers each workload runs on, in the order a repetition alternates them (the gateway first).</summary>
    public IReadOnlyList<ServerKind> Servers { get; init; } = AllServers;

    /// <summary>The gateway and every peer.</summary>
    public static readonly IReadOnlyList<ServerKind> AllServers = [ServerKind.Gateway, ServerKind.Otp, ServerKind.Kestrel, ServerKind.Netty, ServerKind.Go];

    /// <summary>The connect burst: this many connections, opened this many at a time.</summary>
    public int BurstConnections { get; init; } = 10_000;
    public int BurstWave { get; init; } = 1_000;

    public static BenchConfig Full => new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), 3,
        ["echo-1x64", "echo-10x64", "echo-100x64", "echo-100x4096", "echo-1000x64", "echo-10000x64", "reject", "echo-100x64-probe", "reject-probe", "burst", "memory", "capacity"],
        [10, 100, 1000, 10000], 10_000, 19_000, 50, HttpRequests: 5000);

    public static BenchConfig Quick => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 1,
        ["echo-1x64", "echo-100x64", "reject", "reject-probe", "burst", "memory"], [], 1000, 0, 50)
    {
        IdleAllocation = TimeSpan.FromSeconds(1),
        BurstConnections = 2_000,
        Servers = [ServerKind.Gateway, ServerKind.Otp, ServerKind.Kestrel],
    };
}
