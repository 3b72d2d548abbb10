using System.Net;

namespace Lab.Bench.Cluster;

/// <summary>What one <c>bench cluster</c> run does, validated (<see cref="ClusterCommand"/> builds it from the
/// command line; tests build it directly).</summary>
/// <param name="Target">Null: the run starts its own gateway and reads its logs.</param>
/// <param name="ClientAddresses">Loopback source addresses, one per worker in turn; empty: the kernel's
/// choice (127.0.0.1).</param>
/// <param name="Logs">Where the run keeps its directory (gateway logs, Locust's CSV and logs).</param>
/// <param name="Reference">Also run labload on the same workload against a fresh gateway, for its throughput.</param>
/// <param name="ClientHosts">Network namespaces the run creates as client hosts, the workers spread over them in turn
/// (the gateway and the master then run in a server namespace of their own); 0: every process here, on loopback.</param>
/// <param name="Backlog">The started gateway's listen() backlog (its --backlog); null: its default.</param>
internal sealed record ClusterOptions(
    ClusterWorkload Workload,
    int Users,
    TimeSpan Duration,
    IPEndPoint? Target,
    int Workers,
    IReadOnlyList<IPAddress> ClientAddresses,
    string Logs,
    bool Reference,
    int ClientHosts = 0,
    int? Backlog = null)
{
    public const int MaxUsers = 30_000;
    public const int MaxWorkers = 16;
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    /// <summary>Users each worker runs at most (Locust spreads them evenly).</summary>
    public int UsersPerWorker => (Users + Workers - 1) / Workers;

    /// <summary>The source address worker <paramref name="index"/> (0-based) binds to, or null.</summary>
    public IPAddress? ClientAddressOf(int index) => ClientAddresses.Count == 0 ? null : ClientAddresses[index % ClientAddresses.Count];
}
