using System.Globalization;
using System.Net;
using Lab.Common.Cli;
using Lab.Probes.Frames;

namespace Lab.Bench.Cluster;

/// <summary>
/// One <c>bench cluster</c> run: a gateway (started here unless a --target is given, logging every file it
/// writes), the engine against it (<see cref="LocustEngine"/>), then the gateway stopped with SIGTERM and its
/// run directory counted beside the engine's CSV; then, for reference, labload on the same workload against
/// a fresh gateway (one after the other: side by side they would take each other's CPU).
/// </summary>
internal sealed class ClusterRun(BenchPaths paths, Action<string> progress)
{
    /// <summary>Gateway options for a counting run: no timeout closes a held connection, every log file kept.</summary>
    private static readonly string[] CountingGateway = ["--idle-timeout", "off", "--frame-timeout", "off", "--log-retain", "0"];

    /// <summary>labload's window opens after this (echo, reject); hold has none.</summary>
    private static readonly TimeSpan ReferenceWarmup = TimeSpan.FromSeconds(1);

    public async Task<ClusterReport> RunAsync(ClusterOptions options, CancellationToken cancellationToken = default)
    {
        var at = DateTime.UtcNow;
        var directory = Path.Combine(options.Logs, $"cluster-{at:yyyyMMdd-HHmmss}-{options.Workload.Name}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(directory);
        var gatewayLogs = Path.Combine(directory, "gateway");

        ServerProcess? gateway = null;
        ClusterNetwork? network = null;
        LocustResult locust;
        GatewayRunCounts? counts = null;
        double? gatewayCpu = null;
        long[]? rss = null;
        int? descriptorsBefore = null;
        AtLimitObservation? atLimit = null;
        IPEndPoint target;
        try
        {
            if (options.Target is { } given)
            {
                target = given;
                if (!await TargetListening.CheckAsync(target))
                    throw new UsageException($"--target {target}: nothing accepts connections there");
            }
            else
            {
                string[] serve = options.Backlog is { } backlog ? [.. CountingGateway, "--backlog", backlog.ToString(CultureInfo.InvariantCulture)] : CountingGateway;
                if (options.ClientHosts > 0)
                {
                    // Each namespace ends by itself after the longest this run can take, should this process die first.
                    network = ClusterNetwork.Create(options.ClientHosts, LocustEngine.LongestRun(options) + TimeSpan.FromMinutes(2));
                    progress($"client hosts: {options.ClientHosts} network namespace(s) ({string.Join(", ", Enumerable.Range(0, options.ClientHosts).Select(ClusterNetwork.ClientAddress))}) " +
                             $"bridged to a server namespace ({ClusterNetwork.ServerAddress}: the gateway and Locust's master)");
                    serve = [.. serve, "--bind", ClusterNetwork.ServerAddress.ToString()];
                }
                gateway = await ServerProcess.StartGatewayAsync(paths, gatewayLogs, network?.Server, serve);
                target = gateway.EndPoint;
                progress($"gateway pid {gateway.Pid} on {target}, logs {gatewayLogs}");
            }
            var cpuBefore = gateway is null ? null : ProcessCpu.Seconds(gateway.Pid);
            var rssBefore = gateway?.RssKiB();
            descriptorsBefore = gateway?.Descriptors();
            using var engineDone = new CancellationTokenSource();
            var watch = gateway is null ? Task.FromResult<AtLimitObservation?>(null) : AtLimitWatch.WatchAsync(gateway, gatewayLogs, progress, engineDone.Token);
            try
            {
                locust = await new LocustEngine(paths, progress).RunAsync(options, target, Path.Combine(directory, "locust"), network, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new Lab.Common.Cli.MeasurementException($"Locust writes its counts only when it ends; the run's logs are kept in {directory}");
            }
            finally
            {
                await engineDone.CancelAsync();
                atLimit = await watch;
            }
            if (gateway is not null)
            {
                gatewayCpu = ProcessCpu.Seconds(gateway.Pid) - cpuBefore;
                rss = [rssBefore!.Value, PeakRssKiB(gateway.Pid)];
                await gateway.StopAsync();
                counts = GatewayRunCounts.Of(gatewayLogs);
                progress($"gateway stopped (exit {gateway.ExitCode}): {counts.InitOk} init ok, {counts.DoTerminate} do_terminate, {counts.HeadErrors} head_error");
            }
        }
        finally
        {
            gateway?.Dispose();
            network?.Dispose();
        }

        var engine = EngineCounts.From(locust, options.Workload);
        // labload is one process on this host's loopback: its reference gateway runs here whatever the engine's did.
        var reference = options.Reference ? await ReferenceAsync(options, target, Path.Combine(directory, "reference-gateway"), cancellationToken) : null;
        return new ClusterReport(at, options.Workload.Name, options.Users, options.Duration.TotalSeconds, $"{target.Address}:{target.Port}", gateway is not null,
            options.ClientHosts, options.Backlog, $"Locust {locust.Version}", locust.Workers, locust.WorkerAddresses, engine, locust.CpuSeconds, locust.MasterExitCode, locust.Finished,
            counts, gatewayCpu, rss, descriptorsBefore, atLimit, reference, counts is null ? [] : Checks(options.Workload, engine, counts), directory);
    }

    /// <summary>The counts both sides keep. Connections: a connect the engine saw succeed is one the gateway's
    /// kernel accepted, so one init ok and, after SIGTERM at the latest, one do_terminate.</summary>
    public static IReadOnlyList<CountCheck> Checks(ClusterWorkload workload, EngineCounts engine, GatewayRunCounts gateway)
    {
        var checks = new List<CountCheck>
        {
            new("connections = init ok", engine.Connections, gateway.InitOk),
            new("connections = do_terminate", engine.Connections, gateway.DoTerminate),
            new("connections = init ok / do_terminate pairs", engine.Connections, gateway.Pairs),
        };
        if (workload == ClusterWorkload.Reject)
            checks.Add(new("rejected = head_error", engine.Operations, gateway.HeadErrors));
        else
            // Each echo the engine checked is one frame the gateway counted in that connection's do_terminate.
            checks.Add(new("echoes = frames (do_terminate)", engine.Operations, gateway.Frames));
        return checks;
    }

    private async Task<NativeLoadResult?> ReferenceAsync(ClusterOptions options, IPEndPoint target, string logs, CancellationToken cancellationToken)
    {
        // labload is one process with one descriptor limit: at most what that allows.
        var connections = Math.Min(options.Users, 19_000);
        var warmup = options.Workload == ClusterWorkload.Hold ? TimeSpan.Zero : ReferenceWarmup;
        var load = new NativeLoad(paths);
        if (options.Target is not null)
        {
            progress($"labload {options.Workload.NativeMode.ToString().ToLowerInvariant()} × {connections} against the target {target}");
            return await load.RunAsync(target.Port, options.Workload.NativeMode, connections, options.Duration, warmup, host: target.Address.ToString(), cancellationToken: cancellationToken);
        }
        await using var gateway = await ServerProcess.StartGatewayAsync(paths, logs, CountingGateway);
        progress($"labload {options.Workload.NativeMode.ToString().ToLowerInvariant()} × {connections} against a fresh gateway (pid {gateway.Pid})");
        var result = await load.RunAsync(gateway.Port, options.Workload.NativeMode, connections, options.Duration, warmup, serverPid: gateway.Pid, cancellationToken: cancellationToken);
        await gateway.StopAsync();
        return result;
    }

    /// <summary>VmHWM of /proc/PID/status: the largest resident set the process has had, in KiB.</summary>
    private static long PeakRssKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
