using System.CommandLine;
using System.Globalization;
using Lab.Common.Cli;
using Lab.Common.Text;
using Lab.Logs;

namespace Lab.Bench.Cluster;

/// <summary><c>bench cluster-check</c>: a Locust run made by hand with bench/Cluster/locustfile.py (workers on
/// other machines, say) joined with the gateway's run directory: the same exact checks as <c>bench cluster</c>.
/// It reads files only; it sends nothing anywhere.</summary>
internal static class ClusterCheckCommand
{
    private static readonly Option<string> LocustCsv = new("--locust-csv")
    { Description = "The prefix given to Locust's --csv (it wrote PREFIX_stats.csv and PREFIX_failures.csv).", Required = true };
    private static readonly Option<string> GatewayLogs = new("--gateway-logs")
    { Description = "The gateway's run directory (serve's logs=), after it exited, every file kept (serve --log-retain 0).", Required = true };
    private static readonly Option<string> Workload = new("--workload")
    { Description = "The user class Locust ran: echo (EchoUser), reject (RejectUser) or hold (HoldUser).", DefaultValueFactory = _ => "echo" };
    private static readonly Option<bool> Json = JsonOption.Create("Print {workload, engineCounts, gateway, checks, countsAgree, verdict} as JSON (verdict: all equal, THEY DIFFER or NO DATA).");

    public static Command Create()
    {
        var command = new Command("cluster-check",
            "Joins a Locust run made by hand (e.g. with workers on other machines) with the gateway's run directory: exit 1 when a count differs or nothing was counted (NO DATA).")
        {
            LocustCsv, GatewayLogs, Workload, Json,
        };
        command.SetAction(parse => Run(parse.GetValue(LocustCsv)!, parse.GetValue(GatewayLogs)!, parse.GetValue(Workload)!, parse.GetValue(Json)));
        return command;
    }

    private static int Run(string csv, string logs, string workloadName, bool json)
    {
        var workload = ClusterWorkload.Find(workloadName)
            ?? throw new UsageException($"--workload: '{workloadName}' is not a workload; use {string.Join(", ", ClusterWorkload.All.Select(w => w.Name))}");
        var stats = csv + "_stats.csv";
        if (!File.Exists(stats))
            throw new UsageException($"--locust-csv: {stats} does not exist (give the prefix passed to Locust's --csv)");
        var clef = Path.Combine(logs, RunFiles.JsonLog);
        if (!Directory.Exists(logs) || !File.Exists(clef))
            throw new UsageException($"--gateway-logs: {logs} is not a gateway run directory (no {RunFiles.JsonLog})");
        // Retention numbers rolled files from 1: a set without its first has lost connections the engine counted
        // (with --log-retain 1 none is left at all, and the active file opens with the gateway's note of the deletion).
        if (RolledLogSet.DeletedBefore(clef) > 0)
            throw new UsageException($"--gateway-logs: retention deleted the first files of {logs}, so its counts are incomplete; run the gateway with --log-retain 0");

        var failures = csv + "_failures.csv";
        var locust = new LocustResult(LocustEngine.PackagedVersion(), 0, [], Cluster.LocustCsv.ReadStats(stats),
            File.Exists(failures) ? Cluster.LocustCsv.ReadFailures(failures) : [], 0, true, 0, Path.GetDirectoryName(Path.GetFullPath(stats))!);
        var engine = EngineCounts.From(locust, workload);
        var gateway = GatewayRunCounts.Of(logs);
        var checks = ClusterRun.Checks(workload, engine, gateway);
        var agree = CountVerdict.Agree(checks);
        var verdict = CountVerdict.Of(checks);
        if (json)
            JsonOutput.Write(new { workload = workload.Name, engineCounts = engine, gateway, checks, countsAgree = agree, verdict });
        else
        {
            if (!gateway.ExitedCleanly)
                Prose.WriteLine("note: no totals line: the gateway had not exited cleanly when its logs were read; connections it still held have no do_terminate");
            foreach (var c in checks)
                Console.WriteLine($"{c.What}: {N(c.Engine)} {(c.Equal ? "=" : "≠")} {N(c.Gateway)}");
            Prose.WriteLine(verdict == CountVerdict.NoData
                ? "NO DATA: neither Locust's stats nor the gateway's log count a single request or connection"
                : verdict);
        }
        return agree ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }


    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
