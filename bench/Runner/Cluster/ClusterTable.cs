using System.Globalization;
using System.Text;

namespace Lab.Bench.Cluster;

/// <summary>The table <c>bench cluster</c> prints: the engine's figures beside the gateway's own counts and
/// labload's on the same workload. Throughputs stand side by side without a verdict; the counts both sides
/// keep are compared exactly underneath.</summary>
internal static class ClusterTable
{
    public static string Render(ClusterReport r)
    {
        var e = r.EngineCounts;
        var g = r.Gateway;
        var n = r.Reference;
        var sb = new StringBuilder();
        var workers = r.WorkerAddresses.All(a => a is null)
            ? "connecting from 127.0.0.1, the kernel's choice"
            : string.Join(", ", r.WorkerAddresses.Select((a, i) => $"worker {i + 1} from {a ?? "127.0.0.1"}"));
        var where = r.ClientHosts > 0
            ? $"on {r.ClientHosts} client host(s), network namespaces bridged to the gateway's and the master's"
            : "on this machine";
        sb.AppendLine($"Cluster run {r.At:yyyy-MM-dd HH:mm} UTC: {r.Workload}, {r.Users} users for {F(r.DurationSeconds)} s of work; {r.Engine}, " +
                      $"1 master + {r.Workers} worker process(es) {where} ({workers}); target {r.Target}, " +
                      (r.TargetStarted ? "a gateway this run started" : "given by --target (its logs are not read)") +
                      (r.Backlog is { } b ? $" with --backlog {b}" : "") + ".");
        sb.AppendLine();
        sb.AppendLine("| | engine (Locust's CSV) | gateway (its own logs) | labload (reference, same machine) |");
        sb.AppendLine("|---|---:|---:|---:|");
        sb.AppendLine(Row("connections", $"{N(e.Connections)}{(e.ConnectFailures > 0 ? $" ({N(e.ConnectFailures)} failed)" : "")}",
            g is null ? "—" : $"{N(g.InitOk)} init ok, {N(g.DoTerminate)} do_terminate, {N(g.Pairs)} pairs",
            n is null ? "—" : r.Workload == "reject" ? $"{N(n.Operations)} in its window ({N(n.Connections)} loops)" : N(n.Established ?? n.Connections)));
        switch (r.Workload)
        {
            case "reject":
                sb.AppendLine(Row("rejected (closed after GET)", $"{N(e.Operations)} ({Names(e.OperationsByName)})",
                    g is null ? "—" : $"{N(g.HeadErrors)} head_error", n is null ? "—" : $"{N(n.Operations)} (fin {N(n.ClosedWithFin ?? 0)}, rst {N(n.ClosedWithRst ?? 0)})"));
                sb.AppendLine(Row("per second", $"{N(e.OperationsPerSecond)} rejects/s", "", n is null ? "—" : $"{N(n.PerSecond)} cycles/s"));
                break;
            case "hold":
                sb.AppendLine(Row("held, then echoed once", N(e.Operations), g is null ? "—" : $"{N(g.Frames)} frames in do_terminate", n is null ? "—" : $"{N(n.Alive ?? 0)} alive at the end"));
                // Locust's Requests/s for connect spans the whole hold, so it says nothing here; the connects' own latency does.
                sb.AppendLine(Row("connects", e.ConnectP50Ms is null ? "—" : $"p50 {F(e.ConnectP50Ms)} / p95 {F(e.ConnectP95Ms)} / p99 {F(e.ConnectP99Ms)} ms", "",
                    n is null ? "—" : $"{N(n.PerSecond)}/s over {F(n.ConnectSeconds)} s"));
                break;
            default:
                sb.AppendLine(Row("echoes checked (64 B)", N(e.Operations), g is null ? "—" : $"{N(g.Frames)} frames in do_terminate", n is null ? "—" : N(n.Operations)));
                sb.AppendLine(Row("per second", $"{N(e.OperationsPerSecond)} echoes/s", "", n is null ? "—" : $"{N(n.PerSecond)} echoes/s"));
                break;
        }
        var latency = r.Workload switch { "reject" => "connect → close", "hold" => "the echo after the hold", _ => "echo round trip" };
        sb.AppendLine(Row(latency, e.P50Ms is null ? "—" : $"p50 {F(e.P50Ms)} / p95 {F(e.P95Ms)} / p99 {F(e.P99Ms)} ms", "",
            n?.P50Us is null ? "—" : $"p50 {Ms(n.P50Us)} / p90 {Ms(n.P90Us)} / p99 {Ms(n.P99Us)} ms"));
        sb.AppendLine(Row("errors", e.Errors == 0 ? "0" : $"{N(e.Errors)}: {string.Join("; ", e.ErrorsByKind.Select(k => $"{k.Key} ×{N(k.Value)}"))}",
            g is null ? "—" : (g.ExitedCleanly ? "" : "no totals line: the gateway did not exit cleanly; ") + $"{N(g.Refused)} refused",
            n is null ? "—" : n.Errors.Count == 0 ? "0" : string.Join("; ", n.Errors.Select(k => $"{k.Key} ×{N(k.Value)}"))));
        sb.AppendLine(Row("CPU s", $"{F(r.EngineCpuSeconds)} (master + workers)", r.GatewayCpuSeconds is { } c ? F(c) : "—",
            n is null ? "—" : $"{F(n.GeneratorCpuSeconds)} labload, {(n.ServerCpuS is { } s ? F(s) : "—")} gateway"));
        if (r.GatewayRssKiB is [var before, var peak])
        {
            // Per connection only where connections outweigh the runtime's own growth (JIT, pools): thousands. At the
            // limit, over the descriptors it held then (the queued connections are the kernel's memory, not its).
            var perConnection = r.AtLimit is { } l && r.GatewayDescriptorsBefore is { } fds && l.Descriptors > fds
                ? $" ({N((l.RssKiB - before) * 1024.0 / (l.Descriptors - fds))} B per held connection at the limit: {N(l.RssKiB)} KiB with {N(l.Descriptors - fds)} more descriptors)"
                : e.Connections >= 1000 && r.Workload == "hold" ? $" ({N((peak - before) * 1024.0 / e.Connections)} B per held connection)" : "";
            sb.AppendLine(Row("gateway RSS", "", $"{N(before)} KiB before, {N(peak)} KiB peak{perConnection}", ""));
        }
        if (r.AtLimit is { } a)
            sb.AppendLine(Row("at its descriptor limit", "", $"{(a.Alive ? "alive" : "EXITED")} {F(a.SecondsIntoRun)} s in: {N(a.Descriptors)} descriptors " +
                $"(capacity {(g?.DescriptorCapacity is { } cap ? N(cap) : "?")}), {N(a.ListenQueue)} completed connections queued unaccepted, " +
                $"CPU {F(a.CpuSecondsIn5s)} s in 5 s; {(g?.AtLimitMs is { } ms ? $"accepting again after {F(ms / 1000.0)} s ({N(g.AtLimitEpisodes ?? 0)} episode(s))" : "")}", ""));
        if (g is not null && g.ConnectionsByClientAddress.Count > 1)
            sb.AppendLine(Row("connections by client address", "", string.Join(", ", g.ConnectionsByClientAddress.Select(a => $"{a.Key} {N(a.Value)}")), ""));
        sb.AppendLine();
        sb.AppendLine("Locust rounds each response time under 100 ms to a whole millisecond before its percentiles; labload's are exact to 1.6%. " +
                      "Per second: Locust's Requests/s (requests over its stats' span), labload's over its measured window" +
                      (n is null ? "" : $" ({F(n.Seconds)} s after {(r.Workload == "hold" ? "the last connect" : "a 1 s warm-up")})") + ".");
        if (!r.EngineFinished)
            sb.AppendLine("Locust stopped at its --run-time (a safety limit) before every user had finished: its counts miss the requests then under way.");
        if (r.Checks.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"Counts both sides keep (exact): {string.Join("; ", r.Checks.Select(c => $"{c.What}: {N(c.Engine)} {(c.Equal ? "=" : "≠")} {N(c.Gateway)}"))} — " +
                          CountVerdict.Of(r.Checks) + ".");
        }
        sb.AppendLine($"Run directory (gateway logs, Locust's CSV and logs): {r.RunDirectory}");
        return sb.ToString();
    }

    private static string Row(params string[] cells) => "| " + string.Join(" | ", cells) + " |";

    private static string Names(IReadOnlyDictionary<string, long> byName) => string.Join(", ", byName.Select(k => $"{k.Key} {N(k.Value)}"));

    private static string Ms(double? us) => us is { } v ? (v / 1000).ToString("0.###", CultureInfo.InvariantCulture) : "—";

    private static string N(double v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double? v) => v is not { } d ? "—" : d.ToString(Math.Abs(d) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
