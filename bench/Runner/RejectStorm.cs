using System.Globalization;
using System.Text;
using Lab.Probes.Frames;
using Lab.Logs;

namespace Lab.Bench;

/// <summary>
/// The reject storm of <c>./lab soak</c>: labload's 50 reject loops (connect, bogus GET, wait for the
/// close) against one gateway with its default logging for many minutes, as fast as it goes, in
/// one-minute runs back to back so each minute has its own rate. After each minute: RSS, the run
/// directory's files and bytes. The verdicts (<see cref="RejectStormVerdict"/>): RSS flat, the files bounded
/// by retention and constant once it deletes, the bytes within what retention allows, the gateway's own
/// count of failed log writes 0.
/// </summary>
internal sealed class RejectStorm(BenchPaths paths, TimeSpan length, TimeSpan slice, Action<string> progress)
{
    /// <summary>Small files so that retention is reached within the first minute: at most 3 × 4 files of 64 MB.</summary>
    public const string MaxSize = "64MB";
    public const int Retain = 4;
    private const long MaxBytes = 64L << 20;
    private const int Loops = 50;

    /// <summary>The report, and the verdicts that failed (RSS over its bound, files or bytes beyond retention's,
    /// files not constant once retention deletes, failed log writes).</summary>
    /// <param name="interrupt">Ends the storm early: labload is interrupted in its slice, no slice follows.</param>
    public async Task<(string Report, IReadOnlyList<string> Misses)> RunAsync(string logs, CancellationToken interrupt = default)
    {
        var rows = new List<(NativeLoadResult Load, RejectStormSlice Dir)>();
        var load = new NativeLoad(paths);
        await load.EnsureBuiltAsync();
        int exit;
        using (var gateway = await ServerProcess.StartGatewayAsync(paths, logs, "--log-max-size", MaxSize, "--log-retain", Retain.ToString(CultureInfo.InvariantCulture)))
        {
            var slices = (int)Math.Ceiling(length / slice);
            for (var i = 1; i <= slices && !interrupt.IsCancellationRequested; i++)
            {
                var r = await load.RunAsync(gateway.Port, FramesMode.Reject, Loops, slice, TimeSpan.Zero, serverPid: gateway.Pid, cancellationToken: interrupt);
                var files = Directory.GetFiles(logs);
                var dir = new RejectStormSlice(i, gateway.RssKiB(), files.Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!, files.Sum(f => new FileInfo(f).Length));
                rows.Add((r, dir));
                progress($"storm {i}/{slices}: {r.PerSecond:0} cycles/s, gateway CPU {r.ServerCpuS:0.0} s, labload CPU {r.GeneratorCpuSeconds:0.0} s, " +
                         $"RSS {dir.RssKiB} KiB, {files.Length} files, {dir.Bytes >> 20} MB");
            }
            await gateway.StopAsync();
            exit = gateway.ExitCode ?? -1;
        }

        var sb = new StringBuilder();
        sb.AppendLine($"Reject storm: {Loops} labload loops for {Duration(length)} against `serve --log-max-size {MaxSize} --log-retain {Retain}` " +
                      $"(default logging otherwise: no file per connection), measured per {Duration(slice)}:");
        sb.AppendLine();
        sb.AppendLine("| slice | cycles/s | errors | gateway CPU s | labload CPU s | RSS KiB | files | run directory MB |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (r, dir) in rows)
            sb.AppendLine($"| {dir.Slice} | {r.PerSecond:0} | {r.Errors.Values.Sum()} | {r.ServerCpuS:0.0} | {r.GeneratorCpuSeconds:0.0} | {dir.RssKiB} | {dir.Files.Count} | {dir.Bytes >> 20} |");
        sb.AppendLine();
        var cycles = rows.Sum(r => r.Load.Operations);
        var deletions = File.ReadLines(Path.Combine(logs, RunFiles.TextLog)).Count(l => l.Contains(LogContract.TextNeedle(LogContract.Names.LogRetention), StringComparison.Ordinal));
        sb.AppendLine($"cycles: {cycles:N0} in {Duration(length)} ({cycles / length.TotalSeconds:0}/s on average); SIGTERM → exit {exit}; {deletions} log_retention line(s) in the current gateway.log");
        var (lines, misses) = RejectStormVerdict.Judge([.. rows.Select(r => r.Dir)], Retain, MaxBytes, MaxSize, cycles, exit, RunLogCheck.LogWriteFailuresOf(logs));
        foreach (var line in lines)
            sb.AppendLine(line);
        return (sb.ToString(), misses);
    }

    private static string Duration(TimeSpan t) => t.TotalMinutes >= 1 && t.TotalSeconds % 60 == 0 ? $"{t.TotalMinutes:0} min" : $"{t.TotalSeconds:0} s";
}
