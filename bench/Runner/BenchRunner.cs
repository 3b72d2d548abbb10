namespace Lab.Bench;

/// <summary>
/// Runs every workload on every server, alternating servers within each repetition (A B C A B C) so
/// the machine's noise falls on all of them; each cell gets a freshly started server.
/// </summary>
internal sealed class BenchRunner(BenchConfig config, BenchPaths paths, Action<string> progress)
{
    /// <summary>The working tree's commit, <c>-dirty</c> when it has uncommitted changes; "unknown" outside git.</summary>
    public static string Commit(string root)
    {
        try
        {
            var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", root, "describe", "--always", "--dirty"])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && text.Length > 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    /// <summary>", about N min left" from the cells done so far (their mean time, workloads differ), once there are any.</summary>
    internal static string Remaining(TimeSpan elapsed, int done, int total)
    {
        if (done == 0 || total <= done)
            return "";
        var left = TimeSpan.FromTicks(elapsed.Ticks / done * (total - done));
        return left < TimeSpan.FromMinutes(1) ? $", under a minute left" : $", about {Math.Ceiling(left.TotalMinutes):0} min left";
    }

    /// <param name="interrupt">Ctrl+C: the cell under way finishes, no other starts, and the report covers the cells measured.</param>
    public async Task<BenchReport> RunAsync(CancellationToken interrupt = default)
    {
        var cells = new List<CellResult>();
        progress("building labload, the native load generator (bench/Native/labload.c), if it changed");
        await new NativeLoad(paths).EnsureBuiltAsync();
        var total = config.Workloads.Count * config.Repetitions * config.Servers.Count;
        var done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The gateway's logs stay until the run ends. Deleting them after each row made the next
        // gateway cell pay for it: ext4 without a journal (this machine's disk) skips inodes freed in
        // the last ~30 s when it allocates new ones, and perf showed openat at 44% of the gateway's
        // CPU in a reject cell that followed a deletion of ~50,000 files.
        var scratch = Path.Combine(Path.GetTempPath(), $"lab-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);
        try
        {
            foreach (var id in config.Workloads)
            {
                var workload = Workload.For(id, paths);
                for (var rep = 1; rep <= config.Repetitions; rep++)
                {
                    foreach (var kind in config.Servers.TakeWhile(_ => !interrupt.IsCancellationRequested))
                    {
                        progress($"[{++done}/{total}] {id} on {BenchLines.Name(kind)} (repetition {rep}){Remaining(clock.Elapsed, done - 1, total)}");
                        await using var server = await ServerProcess.StartAsync(kind, paths, scratch);
                        var values = await workload.RunAsync(server, config);
                        // Ctrl+C in a terminal reaches the whole process group, this cell's server and labload
                        // too: a cell the signal came into is not a measurement.
                        if (interrupt.IsCancellationRequested)
                            progress($"[{done}/{total}] discarded: the signal came while it ran");
                        else
                            cells.Add(new CellResult(id, kind, rep, values));
                    }
                }
            }
        }
        finally
        {
            progress($"deleting the gateway's logs in {scratch}");
            Directory.Delete(scratch, recursive: true);
        }
        var http = config.HttpRequests > 0 && !interrupt.IsCancellationRequested
            ? await new HttpCalibration(paths, config.HttpRequests, 8, progress).RunAsync()
            : [];
        return new BenchReport(DateTimeOffset.UtcNow, paths.Configuration, Environment.ProcessorCount, config, BenchLines.From(cells, config), http)
        {
            Cells = cells,
            Commit = Commit(paths.Root),
            Interrupted = interrupt.IsCancellationRequested,
        };
    }
}
