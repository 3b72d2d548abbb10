using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lab.Common.Cli;
using Lab.Common.Kernel;
using Lab.Probes.Frames;

namespace Lab.Bench.Cluster;

/// <summary>
/// Runs bench/Cluster/locustfile.py headless with Locust's own distribution: one <c>locust --master</c> and
/// N <c>locust --worker</c> processes on this machine (the same commands add workers on other machines).
/// The master binds to 127.0.0.1 here, on a port picked free for the run (with client hosts: to the server
/// namespace's address, where workers on the client hosts find it across the bridge, as remote ones would);
/// it starts the test once <c>--expect-workers</c> have connected, stops it at <c>--run-time</c> and writes
/// <c>--csv</c>.
/// </summary>
internal sealed class LocustEngine(BenchPaths paths, Action<string> progress)
{
    /// <summary>
    /// The run ends when every user has finished its work (the locustfile's master quits then and logs
    /// <see cref="FinishedLine"/>); --run-time is only a safety limit: the work, the time to start the users,
    /// and this for a last connect and echo to time out (10 s each in the locustfile) and Locust to stop.
    /// </summary>
    public static readonly TimeSpan RunTimeMargin = TimeSpan.FromSeconds(30);

    /// <summary>What the locustfile's master logs when every user finished: the counts are complete.</summary>
    public const string FinishedLine = "lab: all ";

    /// <summary>Users started per second (Locust's --spawn-rate); a larger burst of connects would overflow
    /// the gateway's accept queue (net.core.somaxconn 4096) and wait for SYN retransmits.</summary>
    public const int MaxSpawnRate = 1000;

    public string Locustfile => Path.Combine(paths.Root, "bench", "Cluster", "locustfile.py");

    public static int SpawnRate(int users) => Math.Min(users, MaxSpawnRate);

    /// <summary>Locust's --run-time for these options, in whole seconds: the safety limit.</summary>
    public static int RunTimeSeconds(ClusterOptions options) =>
        (int)Math.Ceiling((options.Duration + RunTimeMargin).TotalSeconds + (double)options.Users / SpawnRate(options.Users));

    /// <summary>The longest an engine run may take before it is stopped: --run-time, then the wait for its processes.</summary>
    public static TimeSpan LongestRun(ClusterOptions options) => TimeSpan.FromSeconds(RunTimeSeconds(options) + ProcessesGrace);

    private const int ProcessesGrace = 90;

    /// <summary>Locust's own default port: in the server namespace nothing else listens.</summary>
    private const int NamespaceMasterPort = 5557;

    public async Task<LocustResult> RunAsync(ClusterOptions options, IPEndPoint target, string directory, ClusterNetwork? network = null,
        CancellationToken cancellationToken = default)
    {
        var locust = OnPath("locust") ?? throw new UsageException("locust is missing: ./lab setup installs it (Debian package python3-locust)");
        if (!File.Exists(Locustfile))
            throw new UsageException($"{Locustfile} is missing");
        Directory.CreateDirectory(directory);
        var masterPort = network is null ? MasterPort.FreeOnLoopback() : NamespaceMasterPort;
        var masterAddress = network is null ? "127.0.0.1" : ClusterNetwork.ServerAddress.ToString();
        var runTime = RunTimeSeconds(options);
        var finished = false;
        var csv = Path.Combine(directory, "locust");
        var processes = new List<(string Name, Process Process, Task Drained)>();
        var cpu = new Dictionary<int, double>();
        try
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var master = Start(locust, "master", directory, network?.Server, null, line =>
            {
                // Logged once the master has bound its port and waits: workers started now find it at once
                // (a worker that finds no master retries only every 5 s).
                if (line.Contains("Waiting for workers to be ready", StringComparison.Ordinal))
                    ready.TrySetResult();
                if (line.Contains(FinishedLine, StringComparison.Ordinal))
                    finished = true;
            },
            [
                "-f", Locustfile, "--master", "--master-bind-host", masterAddress, "--master-bind-port", Invariant(masterPort),
                "--headless", "--expect-workers", Invariant(options.Workers), "--expect-workers-max-wait", "60",
                "-u", Invariant(options.Users), "-r", Invariant(SpawnRate(options.Users)), "-t", $"{runTime}s",
                "--host", $"{target.Address}:{target.Port}", "--work-seconds", options.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                "--csv", csv, "--only-summary", options.Workload.LocustUserClass,
            ]);
            processes.Add(master);
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            var addresses = new List<string?>();
            for (var i = 0; i < options.Workers; i++)
            {
                // On a client host the kernel's choice is the host's one address.
                var host = network is null ? null : network.ClientHosts[i % network.ClientHosts.Count];
                var address = options.ClientAddressOf(i)?.ToString();
                addresses.Add(host is null ? address : ClusterNetwork.ClientAddress(i % network!.ClientHosts.Count).ToString());
                processes.Add(Start(locust, $"worker-{i + 1}", directory, host, address, null,
                    ["-f", Locustfile, "--worker", "--master-host", masterAddress, "--master-port", Invariant(masterPort)]));
            }
            progress($"locust: master and {options.Workers} worker(s) started; {options.Users} {options.Workload.LocustUserClass}(s) for {options.Duration.TotalSeconds:0.#} s of work (--run-time {runTime}s as a safety limit)");

            var deadline = DateTime.UtcNow + LongestRun(options);
            DateTime? workersDeadline = null;
            while (processes.Any(p => !p.Process.HasExited))
            {
                // Each process's CPU, read until it exits (its /proc entry goes with it).
                foreach (var (_, p, _) in processes)
                    if (ProcessCpu.Seconds(p.Id) is { } s)
                        cpu[p.Id] = s;
                if (master.Process.HasExited)
                {
                    // Workers quit on the master's quit message; one that does not has nothing left to report.
                    workersDeadline ??= DateTime.UtcNow + TimeSpan.FromSeconds(15);
                    if (DateTime.UtcNow > workersDeadline)
                        break;
                }
                if (DateTime.UtcNow > deadline)
                    throw new MeasurementException($"locust ran past {runTime + ProcessesGrace} s (--run-time {runTime}s); its logs: {directory}");
                await Task.Delay(500, cancellationToken);
            }
            foreach (var (_, p, _) in processes.Where(p => !p.Process.HasExited))
                p.Kill(entireProcessTree: true);
            await Task.WhenAll(processes.Select(p => p.Drained));
            var stats = csv + "_stats.csv";
            if (!File.Exists(stats))
                throw new MeasurementException($"locust wrote no {stats} (master exit {master.Process.ExitCode}); its logs: {directory}");
            return new LocustResult(PackagedVersion(), options.Workers, addresses, LocustCsv.ReadStats(stats), LocustCsv.ReadFailures(csv + "_failures.csv"),
                master.Process.ExitCode, finished, cpu.Values.Sum(), directory);
        }
        finally
        {
            foreach (var (_, p, _) in processes)
            {
                if (!p.HasExited)
                    p.Kill(entireProcessTree: true);
                p.Dispose();
            }
        }
    }

    /// <summary>One locust process; its stdout and stderr both go to NAME.log in the run directory.</summary>
    private static (string Name, Process Process, Task Drained) Start(string locust, string name, string directory, NetworkNamespace? inside,
        string? sourceAddress, Action<string>? onLine, string[] args)
    {
        ProcessStartInfo info;
        if (inside is not null)
            info = inside.StartInfo(locust, args);
        else
        {
            info = new ProcessStartInfo(locust) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
                info.ArgumentList.Add(a);
        }
        // Python would otherwise leave bench/Cluster/__pycache__ in the working tree on every run.
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        // A worker's own setting (the master's options reach workers, this must not): see the locustfile.
        if (sourceAddress is not null)
            info.Environment["LAB_SOURCE_ADDRESS"] = sourceAddress;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {locust}");
        var log = new StreamWriter(Path.Combine(directory, $"{name}.log")) { AutoFlush = true };
        var gate = new object();
        async Task Pump(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (gate)
                    log.WriteLine(line);
                onLine?.Invoke(line);
            }
        }
        var drained = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError)).ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return (name, process, drained);
    }

    /// <summary>Debian's package leaves Locust's own version string empty; dpkg knows it.</summary>
    public static string PackagedVersion()
    {
        try
        {
            var info = new ProcessStartInfo("dpkg-query", ["-W", "-f=${Version}", "python3-locust"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var dpkg = Process.Start(info)!;
            var version = dpkg.StandardOutput.ReadToEnd().Trim();
            dpkg.WaitForExit();
            return version.Length > 0 ? $"{version.Split('-')[0]} (Debian python3-locust {version})" : "unknown (not Debian's python3-locust)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no dpkg-query)";
        }
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
