using System.Globalization;
using System.Text;
using Lab.Common.Text;
using Lab.Probes.Frames;

namespace Lab.Bench;

/// <summary>
/// `./lab soak`: the long versions of the reliability checks against a gateway process. Churn (connect,
/// bogus GET, close) in rounds after a warm-up round; a flood at twice the cap; then SIGTERM. Prints
/// cycles, refusals, descriptors and RSS around each round, the gateway's peak RSS while the flood's
/// connections are held (<see cref="SoakFloodMemory"/>), and the log lines counted. Last, a second gateway
/// at its real descriptor limit (<see cref="DescriptorLimitRun"/>), and a reject storm against a third with
/// its default logging (<see cref="RejectStorm"/>). Between them, slow readers against a gateway of their own
/// (<see cref="SlowReaders.SlowReaderSoak"/>). What happens to the logs: <see cref="SoakLogs"/>.
/// </summary>
internal sealed class Soak(BenchPaths paths, int cyclesPerRound, int cap, TimeSpan storm, SoakLogs logs, Action<string> progress, TimeSpan? slowReaders = null)
{
    /// <summary>RSS while the flood's 2 × cap connections are offered and held, at most this multiple of the RSS after the warm-up round.</summary>
    public const double FloodRssBound = 3;

    /// <summary>The report, and the exit code: on a MISMATCH the logs are kept and it is 1. A soak stopped by an
    /// exception says where its logs are before the exception goes on.</summary>
    /// <param name="interrupt">Ctrl+C: the step under way ends (the storm at its slice, labload interrupted), no
    /// other starts, and the report shows what was measured, the logs kept, exit 130.</param>
    public async Task<(string Report, int ExitCode)> RunAsync(CancellationToken interrupt = default)
    {
        try
        {
            return await MeasureAsync(interrupt);
        }
        catch (Exception e)
        {
            progress(logs.AfterException(e));
            throw;
        }
    }

    private async Task<(string Report, int ExitCode)> MeasureAsync(CancellationToken interrupt)
    {
        var rows = new List<string[]>();
        var rounds = new List<(string Round, IReadOnlyDictionary<string, long> Errors)>();
        long made = 0;
        (int Fds, long RssKiB) baseline, first, second;
        string floodLine;
        string? floodMismatch;
        using (var gateway = await ServerProcess.StartGatewayAsync(paths, logs.Churn, "--max-connections", cap.ToString(CultureInfo.InvariantCulture), "--log-retain", "0"))
        {
            (baseline, var warm) = await RoundAsync(gateway, "warm-up churn", cyclesPerRound / 10, rows, interrupt);
            if (interrupt.IsCancellationRequested)
                return Interrupted(rows, "the warm-up churn");
            (first, var one) = await RoundAsync(gateway, "churn round 1", cyclesPerRound, rows, interrupt);
            if (interrupt.IsCancellationRequested)
                return Interrupted(rows, "churn round 1");
            (second, var two) = await RoundAsync(gateway, "churn round 2", cyclesPerRound, rows, interrupt);
            if (interrupt.IsCancellationRequested)
                return Interrupted(rows, "churn round 2");
            foreach (var (name, r) in new[] { ("warm-up churn", warm), ("churn round 1", one), ("churn round 2", two) })
            {
                rounds.Add((name, r.Errors));
                made += r.ConnectionsOpened ?? r.Operations; // every connection it opened, cycles still under way at the stop too
            }
            progress($"flood: {cap * 2} connections at once against --max-connections {cap}, the gateway's RSS sampled while they are held");
            var (flood, memory) = await SoakFloodMemory.SampleWhileAsync(
                () => new FrameLoad(gateway.EndPoint, FramesMode.Hold, cap * 2, TimeSpan.FromSeconds(1), TimeSpan.Zero, 16, 4, gateway.Pid, _ => { }).RunAsync(),
                () => (gateway.RssKiB(), gateway.Descriptors()), SoakFloodMemory.Every);
            var served = flood.ConnectionsAlive ?? 0; // set in hold mode
            made += flood.ConnectionsOpened ?? 0; // its refusals at the cap ("closed by server") are the point, not errors
            (floodLine, floodMismatch) = memory.Judge(baseline.RssKiB, FloodRssBound, cap * 2, served, second.Fds);
            rows.Add(["flood 2 × cap", (cap * 2).ToString(CultureInfo.InvariantCulture),
                $"{served} served, {cap * 2 - served} refused; peak RSS during the flood {memory.PeakRssKiB} KiB",
                gateway.Descriptors().ToString(CultureInfo.InvariantCulture), gateway.RssKiB().ToString(CultureInfo.InvariantCulture), ""]);
            await gateway.StopAsync();
        }
        if (interrupt.IsCancellationRequested)
            return Interrupted(rows, "the flood");
        var (slowLines, slowMisses) = await new SlowReaders.SlowReaderSoak(paths, 50, slowReaders ?? TimeSpan.FromSeconds(60), progress).RunAsync(logs.SlowReaders);
        if (interrupt.IsCancellationRequested)
            return Interrupted(rows, "the slow readers", slowLines);
        progress("at the descriptor limit: more connections than ulimit -n lets one gateway hold");
        var (limitRow, limitDetail, limitCheck, limitMisses) = await new DescriptorLimitRun(paths, progress).RunAsync(logs.Limit);
        rows.Add(limitRow);
        if (interrupt.IsCancellationRequested)
            return Interrupted(rows, "the descriptor-limit run", [.. slowLines, limitDetail]);
        progress($"reject storm: {storm.TotalMinutes:0.#} min as fast as labload's 50 loops go");
        var (stormReport, stormMisses) = await new RejectStorm(paths, storm, TimeSpan.FromSeconds(storm.TotalMinutes >= 5 ? 60 : 15), progress).RunAsync(logs.Storm, interrupt);
        if (interrupt.IsCancellationRequested)
            return Interrupted(rows, "the reject storm", [.. slowLines, limitDetail, "", stormReport.TrimEnd()]);
        // Every pair is counted (--log-retain 0 kept every rolled file).
        var check = RunLogCheck.Of(logs.Churn);
        var mismatches = new List<string>();
        mismatches.AddRange(check.Mismatches.Select(m => $"churn gateway: {m}"));
        mismatches.AddRange(limitCheck.Mismatches.Select(m => $"descriptor-limit gateway: {m}"));
        mismatches.AddRange(limitMisses.Select(m => $"descriptor-limit gateway: {m}"));
        var (loadLine, loadMismatches) = SoakLoadCheck.Judge(rounds, made, check.Inits);
        mismatches.AddRange(loadMismatches.Select(m => $"churn gateway: {m}"));
        if (Math.Abs(second.Fds - first.Fds) > 5)
            mismatches.Add($"descriptors not back: {first.Fds} after round 1, {second.Fds} after round 2");
        if (second.RssKiB > first.RssKiB * 1.1)
            mismatches.Add($"RSS after round 2 {second.RssKiB} KiB is over round 1's {first.RssKiB} KiB + 10%");
        if (floodMismatch is not null)
            mismatches.Add(floodMismatch);
        mismatches.AddRange(slowMisses.Select(m => $"slow readers: {m}"));
        mismatches.AddRange(stormMisses.Select(m => $"storm: {m}"));

        var sb = Table(rows);
        var files = Directory.GetFileSystemEntries(logs.Churn).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        sb.AppendLine(check.Summary() + "; " + $"files in the run directory: {files.Count} ({string.Join(", ", files)})");
        sb.AppendLine(loadLine);
        sb.AppendLine(limitDetail);
        sb.AppendLine($"RSS after round 2 vs round 1: {second.RssKiB} vs {first.RssKiB} KiB ({(second.RssKiB <= first.RssKiB * 1.1 ? "PASS" : "MISS")} ≤ +10%)");
        sb.AppendLine(floodLine);
        foreach (var line in slowLines)
            sb.AppendLine(line);
        sb.AppendLine();
        sb.Append(stormReport);
        sb.AppendLine();
        var (last, exit) = logs.Conclude(mismatches);
        sb.Append(last);
        return (Prose.FoldLines(sb.ToString()), exit);
    }

    private static StringBuilder Table(List<string[]> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| step | cycles / connections | outcome | fds after | RSS after KiB | errors |");
        sb.AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var r in rows)
            sb.AppendLine("| " + string.Join(" | ", r) + " |");
        sb.AppendLine();
        return sb;
    }

    /// <summary>The report of a soak a signal stopped after <paramref name="step"/>: what was measured, unjudged.</summary>
    private (string Report, int ExitCode) Interrupted(List<string[]> rows, string step, IEnumerable<string>? lines = null)
    {
        var sb = Table(rows);
        foreach (var line in lines ?? [])
            sb.AppendLine(line);
        sb.AppendLine(logs.AfterInterrupt(step));
        return (Prose.FoldLines(sb.ToString()), Lab.Common.Cli.ExitCodes.Interrupted);
    }

    private async Task<((int Fds, long RssKiB) After, FramesResult Load)> RoundAsync(ServerProcess gateway, string name, int cycles, List<string[]> rows, CancellationToken interrupt)
    {
        progress($"{name}: {cycles} connect → bogus GET → close cycles");
        var load = new FrameLoad(gateway.EndPoint, FramesMode.Reject, 50, TimeSpan.FromMinutes(10), TimeSpan.Zero, 16, 4, gateway.Pid, _ => { }, cycles);
        var r = await load.RunAsync(interrupt);
        await Task.Delay(1000);
        var (fds, rss) = (gateway.Descriptors(), gateway.RssKiB());
        rows.Add([name, r.Operations.ToString(CultureInfo.InvariantCulture), $"{r.PerSecond} cycles/s", fds.ToString(CultureInfo.InvariantCulture),
            rss.ToString(CultureInfo.InvariantCulture), r.Errors.Count == 0 ? "none" : string.Join(", ", r.Errors.Select(e => $"{e.Key} {e.Value}"))]);
        return ((fds, rss), r);
    }
}
