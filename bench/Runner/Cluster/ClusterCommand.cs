using System.CommandLine;
using System.Globalization;
using Lab.Common.Cli;
using Lab.Common.Text;

namespace Lab.Bench.Cluster;

/// <summary><c>bench cluster</c>: the gateway under a distributed load engine (Locust: master + workers),
/// its counts beside the gateway's own and labload's. Validates, runs <see cref="ClusterRun"/>, prints.</summary>
internal static class ClusterCommand
{
    private static readonly Option<string> Workload = new("--workload")
    { Description = "echo (64-byte {packet,4} frames, each echo checked), reject (connect, bogus GET, wait for the close) or hold (idle connections, then one echo each).", DefaultValueFactory = _ => "echo" };
    private static readonly Option<int> Users = new("--users")
    { Description = $"Locust users (one connection each at a time), spread over the workers; 1-{ClusterOptions.MaxUsers:N0}.", DefaultValueFactory = _ => 100 };
    private static readonly Option<string> DurationOption = new("--duration")
    { Description = "How long the users work (1s-10m); then each finishes what it is doing, and Locust stops once all have.", DefaultValueFactory = _ => "10s" };
    private static readonly Option<string?> Target = new("--target")
    { Description = "HOST:PORT of a gateway you run, in 127.0.0.0/8 (its logs are not read); default: a gateway this run starts and counts." };
    private static readonly Option<int> Workers = new("--workers")
    { Description = $"Locust worker processes (each its own descriptor limit), 1-{ClusterOptions.MaxWorkers}.", DefaultValueFactory = _ => 2 };
    private static readonly Option<string?> ClientAddresses = new("--client-addresses")
    { Description = "Comma-separated 127.0.0.0/8 source addresses, one per worker in turn (e.g. 127.0.0.2,127.0.0.3); default: the kernel's choice." };
    private static readonly Option<int> ClientHosts = new("--client-hosts")
    { Description = $"Client hosts: network namespaces the run creates (own address 169.254.78.11, .12, …, own ports and conntrack), joined to a server namespace (the gateway at 169.254.78.1, the master) by a bridge; the workers spread over them in turn, reaching master and gateway across it. Root only; 0 = every process on this host's loopback; at most --workers.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int?> Backlog = new("--backlog")
    { Description = "The started gateway's listen() backlog (its --backlog, 1-65535; net.core.somaxconn caps it): how many completed connections wait unaccepted when it is at its descriptor limit. Default: the gateway's (4096)." };
    private static readonly Option<string?> Logs = new("--logs")
    { Description = "Folder for the run directory (gateway logs, Locust's CSV and logs; all kept); default: the temp directory." };
    private static readonly Option<bool> NoReference = new("--no-reference")
    { Description = "Skip the labload run on the same workload (its throughput is the reference beside the engine's)." };
    private static readonly Option<bool> Json = JsonOption.Create("Print the report as JSON on stdout (progress stays on stderr).");

    public static Command Create()
    {
        var command = new Command("cluster", "The gateway under Locust (master + workers on this machine, optionally on client hosts in network namespaces), the engine's counts beside the gateway's own and labload's.")
        {
            Workload, Users, DurationOption, Target, Workers, ClientAddresses, ClientHosts, Backlog, Logs, NoReference, Json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(ToOptions(parse), parse.GetValue(Json), cancellationToken));
        return command;
    }

    public static ClusterOptions ToOptions(ParseResult parse)
    {
        var workload = ClusterWorkload.Find(parse.GetValue(Workload)!)
            ?? throw new UsageException($"--workload: '{parse.GetValue(Workload)}' is not a workload; use {string.Join(", ", ClusterWorkload.All.Select(w => w.Name))}");
        var users = parse.GetValue(Users);
        if (users is < 1 or > ClusterOptions.MaxUsers)
            throw new UsageException($"--users: {users} is out of range; use 1 to {ClusterOptions.MaxUsers}");
        var workers = parse.GetValue(Workers);
        if (workers is < 1 or > ClusterOptions.MaxWorkers)
            throw new UsageException($"--workers: {workers} is out of range; use 1 to {ClusterOptions.MaxWorkers}");
        var duration = Duration.Parse(parse.GetValue(DurationOption)!, "--duration") ?? throw new UsageException("--duration: off is not a duration here");
        if (duration < ClusterOptions.MinDuration || duration > ClusterOptions.MaxDuration)
            throw new UsageException($"--duration: {Duration.Format(duration)} is out of range; use 1s to 10m");
        var target = parse.GetValue(Target) is { } t ? LoopbackAddress.ParseTarget(t) : null;
        var addresses = (parse.GetValue(ClientAddresses) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => LoopbackAddress.Parse(a, "--client-addresses")).ToList();
        var hosts = parse.GetValue(ClientHosts);
        if (hosts < 0 || hosts > workers)
            throw new UsageException($"--client-hosts: {hosts} is out of range; use 0 to --workers ({workers}): each host runs at least one worker");
        if (hosts > 0 && target is not null)
            throw new UsageException("--client-hosts puts the gateway this run starts in a namespace of its own; it cannot be used with --target");
        if (hosts > 0 && addresses.Count > 0)
            throw new UsageException("--client-addresses is for workers on this host's loopback; with --client-hosts each host has its own address");
        var backlog = parse.GetValue(Backlog);
        if (backlog is < 1 or > 65535)
            throw new UsageException($"--backlog: {backlog} is out of range; use 1 to 65535");
        if (backlog is not null && target is not null)
            throw new UsageException("--backlog sets the gateway this run starts; a --target's backlog is yours to set");
        var options = new ClusterOptions(workload, users, duration, target, workers, addresses,
            Path.GetFullPath(parse.GetValue(Logs) ?? Path.GetTempPath()), !parse.GetValue(NoReference), hosts, backlog);
        // Each worker is one process: its users' sockets share its descriptor limit (ulimit -n).
        var perWorker = DescriptorLimit() - 100;
        if (options.UsersPerWorker > perWorker)
            throw new UsageException($"--users {users} over {workers} worker(s) is {options.UsersPerWorker} connections per worker, over what one process may open here " +
                                     $"(ulimit -n {perWorker + 100}, less 100 for Locust itself); add --workers");
        var spawnSeconds = (double)users / LocustEngine.SpawnRate(users);
        if (spawnSeconds >= duration.TotalSeconds)
            throw new UsageException($"--duration {Duration.Format(duration)} is too short for {users} users: Locust starts {LocustEngine.MaxSpawnRate} per second, so they need {spawnSeconds:0} s to start");
        return options;
    }

    private static async Task<int> RunAsync(ClusterOptions options, bool json, CancellationToken cancellationToken)
    {
        var paths = BenchPaths.Discover();
        OutputFolder.Create(options.Logs, "--logs");
        if (options.Target is null && !File.Exists(paths.GatewayDll))
            throw new UsageException($"{paths.GatewayDll} is missing; build the solution in {paths.Configuration} first (./lab bench does)");
        var started = DateTime.UtcNow;
        var report = await new ClusterRun(paths, line => Console.Error.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,6:0.0}s] {line}"))
            .RunAsync(options, cancellationToken);
        if (json)
            JsonOutput.Write(report);
        else
            Console.WriteLine(Prose.FoldLines(ClusterTable.Render(report)));
        if (!report.EngineFinished)
        {
            Console.Error.WriteLine($"Locust stopped at its --run-time before every user had finished: its counts miss what was under way; logs kept in {report.RunDirectory}");
            return ExitCodes.MeasurementFailed;
        }
        if (!report.CountsAgree)
        {
            Console.Error.WriteLine(CountVerdict.HasData(report.Checks)
                ? $"the engine's counts differ from the gateway's ({string.Join("; ", report.Checks.Where(c => !c.Equal).Select(c => $"{c.What}: {c.Engine} vs {c.Gateway}"))}); logs kept in {report.RunDirectory}"
                : $"NO DATA: neither the engine nor the gateway counted anything; logs kept in {report.RunDirectory}");
            return ExitCodes.MeasurementFailed;
        }
        return ExitCodes.Ok;
    }

    /// <summary>The soft RLIMIT_NOFILE this process (and so every worker it starts) has.</summary>
    private static int DescriptorLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 3 } && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : 1024;
    }
}
