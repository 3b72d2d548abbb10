using Lab.Bench;

namespace Lab.Bench.Cluster;

/// <summary>Everything one <c>bench cluster</c> run measured (<c>--json</c> prints it as is).</summary>
/// <param name="ClientHosts">Network namespaces the workers ran in as client hosts (0: all on this host's loopback).</param>
/// <param name="Backlog">The started gateway's --backlog, when the run set one.</param>
/// <param name="EngineFinished">Every user finished before Locust stopped, so its counts are complete.</param>
/// <param name="Gateway">The gateway's own counts from its run directory; null for a --target the run did not start.</param>
/// <param name="GatewayCpuSeconds">The gateway's CPU (user + system) over the engine's whole run.</param>
/// <param name="GatewayRssKiB">The gateway's resident set before the engine started and its peak (VmHWM) by the end.</param>
/// <param name="GatewayDescriptorsBefore">The gateway's open descriptors before the engine started (listener, logs, runtime).</param>
/// <param name="AtLimit">The gateway looked at while at its descriptor limit (null: it never got there).</param>
/// <param name="Reference">labload on the same workload against a fresh gateway (null: not asked for).</param>
/// <param name="Checks">Counts both sides keep; every one must be equal.</param>
internal sealed record ClusterReport(
    DateTime At,
    string Workload,
    int Users,
    double DurationSeconds,
    string Target,
    bool TargetStarted,
    int ClientHosts,
    int? Backlog,
    string Engine,
    int Workers,
    IReadOnlyList<string?> WorkerAddresses,
    EngineCounts EngineCounts,
    double EngineCpuSeconds,
    int EngineExitCode,
    bool EngineFinished,
    GatewayRunCounts? Gateway,
    double? GatewayCpuSeconds,
    long[]? GatewayRssKiB,
    int? GatewayDescriptorsBefore,
    AtLimitObservation? AtLimit,
    NativeLoadResult? Reference,
    IReadOnlyList<CountCheck> Checks,
    string RunDirectory)
{
    /// <summary>Something was counted and every count is equal (<see cref="CountVerdict"/>).</summary>
    public bool CountsAgree => CountVerdict.Agree(Checks);
}
