namespace Lab.Bench.Cluster;

/// <summary>What one headless Locust run left: its CSV read back, its exit code (Locust exits 1 when any
/// request failed), the CPU its processes used, and where its files are.</summary>
/// <param name="Finished">Every user finished its work before Locust stopped (false: --run-time cut the run short,
/// and requests still under way are missing from the counts).</param>
/// <param name="CpuSeconds">Master and workers together (user + system), each read from /proc until it exited.</param>
internal sealed record LocustResult(
    string Version,
    int Workers,
    IReadOnlyList<string?> WorkerAddresses,
    IReadOnlyList<LocustStatsRow> Stats,
    IReadOnlyList<LocustFailure> Failures,
    int MasterExitCode,
    bool Finished,
    double CpuSeconds,
    string Directory)
{
    public IEnumerable<LocustStatsRow> Rows(string type) => Stats.Where(r => r.Type == type);
}
