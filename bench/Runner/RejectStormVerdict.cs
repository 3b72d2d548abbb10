using System.Globalization;
using System.Text.RegularExpressions;
using Lab.Logs;

namespace Lab.Bench;

/// <summary>
/// The reject storm's verdicts, from its slices alone (no gateway): RSS flat (at most +10% over the first
/// slice's), the files bounded by retention (at most <c>--log-retain</c> per log, logs × retain in all, at every
/// slice), the files constant once retention deletes (a log whose oldest rolled file is no longer <c>-000001</c>
/// holds exactly retain files at every later slice, and once every log deletes the directory's count no longer
/// moves), the bytes
/// within what retention allows, SIGTERM's exit 0, and the gateway's own <c>totals logWriteFailures=0</c>.
/// </summary>
internal static partial class RejectStormVerdict
{
    /// <summary>gateway.log, gateway.clef, ports.log: the files the default logging writes (docs/gateway.md).</summary>
    public const int Logs = 3;

    /// <summary>The verdict lines of the report, and the misses (each a MISMATCH of the soak).</summary>
    public static (IReadOnlyList<string> Lines, IReadOnlyList<string> Misses) Judge(
        IReadOnlyList<RejectStormSlice> slices, int retain, long maxBytes, string maxSize, long cycles, int exit, long? logWriteFailures)
    {
        var lines = new List<string>();
        var misses = new List<string>();

        var first = slices[0].RssKiB;
        var peak = slices.Skip(1).Select(s => s.RssKiB).DefaultIfEmpty(first).Max();
        var rssPass = peak <= first * 1.1;
        if (!rssPass)
            misses.Add($"RSS peaked at {peak} KiB, over the first slice's {first} KiB + 10%");
        lines.Add($"RSS after slice 1 vs peak after it: {first} vs {peak} KiB ({Verdict(rssPass)} ≤ +10%)");

        // Bounded: each log holds at most retain files once it has rolled that often (ports.log, the smallest, gets
        // there last), so the directory climbs to at most logs × retain.
        var counts = slices.Select(s => s.Files.Count).ToList();
        var perLog = slices.Select(s => s.Files.GroupBy(f => LogOf(f).Log).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal)).ToList();
        var over = perLog.SelectMany((logs, i) => logs.Where(l => l.Value.Count > retain).Select(l => $"{l.Key} had {l.Value.Count} at slice {slices[i].Slice}")).ToList();
        var boundPass = counts.All(c => c <= Logs * retain) && over.Count == 0;
        if (counts.Any(c => c > Logs * retain))
            misses.Add($"{counts.Max()} files in the run directory, over {Logs} × {retain}");
        if (over.Count > 0)
            misses.Add($"more files than --log-retain {retain} for one log: {string.Join("; ", over)}");
        lines.Add($"files per slice: {string.Join(", ", counts)} ({Verdict(boundPass)} ≤ {Logs * retain} at every slice and ≤ {retain} per log, whatever the {cycles:N0} connections)");

        // Constant: once retention has deleted a log's first file, every roll deletes one, so the log holds exactly
        // retain files at every later slice (more is retention not keeping up; fewer, files lost beyond it).
        var notes = new List<string>();
        var constantPass = true;
        foreach (var log in perLog.SelectMany(l => l.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var series = perLog.Select(l => l.TryGetValue(log, out var files) ? files : []).ToList();
            var from = series.FindIndex(Deleting);
            if (from < 0)
            {
                notes.Add($"{log} {series[^1].Count} file(s) at the end, nothing deleted yet");
                continue;
            }
            notes.Add($"{log} deleting from slice {slices[from].Slice}, then {string.Join(", ", series.Skip(from).Select(f => f.Count).Distinct())} file(s)");
            var off = Enumerable.Range(from, series.Count - from).Where(i => series[i].Count != retain).ToList();
            if (off.Count > 0)
            {
                constantPass = false;
                misses.Add($"{log} held {string.Join(", ", off.Select(i => $"{series[i].Count} files at slice {slices[i].Slice}"))} once retention was deleting " +
                           $"(from slice {slices[from].Slice}): not constant at --log-retain {retain}");
            }
        }
        // The directory as a whole: from the first slice at which every log it holds deletes, nothing is added.
        var allFrom = perLog.FindIndex(logs => logs.Count > 0 && logs.Values.All(Deleting));
        string total;
        if (allFrom < 0)
            total = "not every log reached retention, so the directory is shown bounded, not constant";
        else
        {
            var grew = Enumerable.Range(allFrom + 1, counts.Count - allFrom - 1).Where(i => counts[i] != counts[allFrom]).ToList();
            total = $"every log deleting from slice {slices[allFrom].Slice}: {string.Join(", ", counts.Skip(allFrom).Distinct())} file(s) from then on";
            if (grew.Count > 0)
            {
                constantPass = false;
                misses.Add($"the run directory went from {counts[allFrom]} files at slice {slices[allFrom].Slice} (every log deleting) to " +
                           $"{string.Join(", ", grew.Select(i => $"{counts[i]} at slice {slices[i].Slice}"))}: not constant");
            }
        }
        var shown = perLog.Any(logs => logs.Values.Any(Deleting));
        lines.Add($"files once retention deletes: {string.Join("; ", notes)}; {total} " +
                  $"({(shown ? $"{Verdict(constantPass)} constant once deleting" : "NOT SHOWN: retention deleted nothing during the storm")})");

        var bound = Logs * retain * maxBytes + ((long)Logs * retain << 16); // retain × max size per log, plus one line each at most
        var most = slices.Max(s => s.Bytes);
        if (most > bound)
            misses.Add($"{most >> 20} MB in the run directory, over what retention allows");
        lines.Add($"run directory at most {most >> 20} MB ({Verdict(most <= bound)} ≤ {Logs} logs × {retain} files × {maxSize})");

        if (exit != 0)
            misses.Add($"SIGTERM gave exit {exit}");
        if (logWriteFailures is null)
            misses.Add("no totals line in gateway.clef: the gateway did not exit cleanly");
        else if (logWriteFailures > 0)
            misses.Add($"the gateway counted {logWriteFailures} failed log write(s): its logs are incomplete");
        lines.Add($"the gateway's own count of failed log writes (totals logWriteFailures): " +
                  $"{logWriteFailures?.ToString(CultureInfo.InvariantCulture) ?? "no totals line"} ({Verdict(logWriteFailures == 0)} = 0)");
        return (lines, misses);
    }

    /// <summary>The log a file of the run directory belongs to, and its roll number: <c>gateway-000003.clef</c> →
    /// (<c>gateway.clef</c>, 3); <c>gateway.clef</c> → (<c>gateway.clef</c>, null). Names as RolledLogSet writes them.</summary>
    public static (string Log, long? Number) LogOf(string file)
    {
        var name = Path.GetFileName(file);
        return RolledName().Match(name) is { Success: true } m
            ? (m.Groups["stem"].Value + m.Groups["ext"].Value, long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture))
            : (name, null);
    }

    /// <summary>Retention has deleted from this log: its oldest rolled file is not the first one it rolled.</summary>
    private static bool Deleting(List<string> files) => files.Select(f => LogOf(f).Number).Where(n => n is not null).DefaultIfEmpty(null).Min() > 1;

    private static string Verdict(bool pass) => pass ? "PASS" : "MISS";

    [GeneratedRegex(@"^(?<stem>.+)-(?<n>\d{6,})(?<ext>\.[^.]*)?$")]
    private static partial Regex RolledName();
}
