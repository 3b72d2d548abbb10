using System.Globalization;
using System.Text;
using Lab.Probes.Frames;

namespace Lab.Bench;

/// <summary>
/// The reject storm of <c>./lab soak</c>: labload's 50 reject loops (connect, bogus GET, wait for the
/// close) against one gateway with its default logging for many minutes, as fast as it goes, in
/// one-minute runs back to back so each minute has its own rate. After each minute: RSS, the run
/// directory's files and bytes. Verdicts: RSS flat (at most +10% over the first minute's), the
/// number of files bounded by retention (3 logs × retain) at every minute, the bytes within what
/// retention allows.
/// </summary>
internal sealed class RejectStorm(BenchPaths paths, TimeSpan length, TimeSpan slice, Action<string> progress)
{
    /// <summary>Small files so that retention is reached within the first minute: at most 3 × 4 files of 64 MB.</summary>
    public const string MaxSize = "64MB";
    public const int Retain = 4;
    private const long MaxBytes = 64L << 20;
    private const int Loops = 50;

    /// <summary>The report, and the verdicts that failed (RSS over its bound, files or bytes beyond retention's).</summary>
    public async Task<(string Report, IReadOnlyList<string> Misses)> RunAsync(string logs)
    {
        var rows = new List<(int Slice, NativeLoadResult Load, long RssKiB, int Files, long Bytes)>();
        var load = new NativeLoad(paths);
        await load.EnsureBuiltAsync();
        int exit;
        using (var gateway = await ServerProcess.StartGatewayAsync(paths, logs, "--log-max-size", MaxSize, "--log-retain", Retain.ToString(CultureInfo.InvariantCulture)))
        {
            var slices = (int)Math.Ceiling(length / slice);
            for (var i = 1; i <= slices; i++)
            {
                var r = await load.RunAsync(gateway.Port, FramesMode.Reject, Loops, slice, TimeSpan.Zero, serverPid: gateway.Pid);
                var files = Directory.GetFiles(logs);
                rows.Add((i, r, gateway.RssKiB(), files.Length, files.Sum(f => new FileInfo(f).Length)));
                progress($"storm {i}/{slices}: {r.PerSecond:0} cycles/s, gateway CPU {r.ServerCpuS:0.0} s, labload CPU {r.GeneratorCpuSeconds:0.0} s, " +
                         $"RSS {rows[^1].RssKiB} KiB, {files.Length} files, {rows[^1].Bytes >> 20} MB");
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
        foreach (var r in rows)
            sb.AppendLine($"| {r.Slice} | {r.Load.PerSecond:0} | {r.Load.Errors.Values.Sum()} | {r.Load.ServerCpuS:0.0} | {r.Load.GeneratorCpuSeconds:0.0} | {r.RssKiB} | {r.Files} | {r.Bytes >> 20} |");
        sb.AppendLine();
        var first = rows[0].RssKiB;
        var peak = rows.Skip(1).Select(r => r.RssKiB).DefaultIfEmpty(first).Max();
        var bound = 3L * Retain * MaxBytes + (3L * Retain << 16); // retain × max size per log, plus one line each at most
        var fileCounts = rows.Select(r => r.Files).ToList();
        var cycles = rows.Sum(r => r.Load.Operations);
        var deletions = File.ReadLines(Path.Combine(logs, "gateway.log")).Count(l => l.Contains("] log_retention ", StringComparison.Ordinal));
        sb.AppendLine($"cycles: {cycles:N0} in {Duration(length)} ({cycles / length.TotalSeconds:0}/s on average); SIGTERM → exit {exit}; {deletions} log_retention line(s) in the current gateway.log");
        var misses = new List<string>();
        if (peak > first * 1.1)
            misses.Add($"RSS peaked at {peak} KiB, over the first slice's {first} KiB + 10%");
        if (fileCounts.Any(f => f > 3 * Retain))
            misses.Add($"{fileCounts.Max()} files in the run directory, over 3 × {Retain}");
        if (rows.Any(r => r.Bytes > bound))
            misses.Add($"{rows.Max(r => r.Bytes) >> 20} MB in the run directory, over what retention allows");
        if (exit != 0)
            misses.Add($"SIGTERM gave exit {exit}");
        sb.AppendLine($"RSS after slice 1 vs peak after it: {first} vs {peak} KiB ({(peak <= first * 1.1 ? "PASS" : "MISS")} ≤ +10%)");
        // Bounded, not growing with the connections: each log holds at most Retain files once it has rolled that often (ports.log, the
        // smallest, gets there last), so the count climbs to at most 3 × Retain and stays.
        sb.AppendLine($"files per slice: {string.Join(", ", fileCounts)} ({(fileCounts.All(f => f <= 3 * Retain) ? "PASS" : "MISS")} ≤ {3 * Retain} at every slice, whatever the {cycles:N0} connections)");
        sb.AppendLine($"run directory at most {rows.Max(r => r.Bytes) >> 20} MB ({(rows.All(r => r.Bytes <= bound) ? "PASS" : "MISS")} ≤ 3 logs × {Retain} files × {MaxSize})");
        return (sb.ToString(), misses);
    }

    private static string Duration(TimeSpan t) => t.TotalMinutes >= 1 && t.TotalSeconds % 60 == 0 ? $"{t.TotalMinutes:0} min" : $"{t.TotalSeconds:0} s";
}
