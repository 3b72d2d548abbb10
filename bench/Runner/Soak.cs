using System.Globalization;
using System.Text;
using Lab.Probes.Frames;

namespace Lab.Bench;

/// <summary>
/// `./lab soak`: the long versions of the reliability checks against a gateway process. Churn (connect,
/// bogus GET, close) in rounds after a warm-up round; a flood at twice the cap; then SIGTERM. Prints
/// cycles, refusals, descriptors and RSS around each round, and the log lines counted. Last, a second
/// gateway at its real descriptor limit (<see cref="DescriptorLimitRun"/>), and a reject storm against a third
/// with its default logging (<see cref="RejectStorm"/>).
/// </summary>
internal sealed class Soak(BenchPaths paths, int cyclesPerRound, int cap, TimeSpan storm, string logsRoot, Action<string> progress)
{
    /// <summary>RSS while 2 × cap connections are held, at most this multiple of the RSS after the warm-up round.</summary>
    public const double FloodRssBound = 3;

    /// <summary>The report, and whether everything held: on a MISMATCH the logs are kept and the caller exits 1.</summary>
    public async Task<(string Report, bool Ok)> RunAsync()
    {
        var logs = Path.Combine(logsRoot, $"lab-soak-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var rows = new List<string[]>();
        using (var gateway = await ServerProcess.StartGatewayAsync(paths, logs, "--max-connections", cap.ToString(CultureInfo.InvariantCulture), "--log-retain", "0"))
        {
            await RoundAsync(gateway, "warm-up churn", cyclesPerRound / 10, rows);
            await RoundAsync(gateway, "churn round 1", cyclesPerRound, rows);
            await RoundAsync(gateway, "churn round 2", cyclesPerRound, rows);
            progress($"flood: {cap * 2} connections at once against --max-connections {cap}");
            var flood = await new FrameLoad(gateway.EndPoint, FramesMode.Hold, cap * 2, TimeSpan.FromSeconds(1), TimeSpan.Zero, 16, 4, gateway.Pid, _ => { }).RunAsync();
            rows.Add(["flood 2 × cap", (cap * 2).ToString(), $"{flood.ConnectionsAlive} served, {cap * 2 - flood.ConnectionsAlive} refused",
                gateway.Descriptors().ToString(), gateway.RssKiB().ToString(), ""]);
            await gateway.StopAsync();
        }
        progress("at the descriptor limit: more connections than ulimit -n lets one gateway hold");
        var (limitRow, limitDetail, limitCheck) = await new DescriptorLimitRun(paths, progress).RunAsync(logs + "-limit");
        rows.Add(limitRow);
        progress($"reject storm: {storm.TotalMinutes:0.#} min as fast as labload's 50 loops go");
        var (stormReport, stormMisses) = await new RejectStorm(paths, storm, TimeSpan.FromSeconds(storm.TotalMinutes >= 5 ? 60 : 15), progress).RunAsync(logs + "-storm");
        // Every pair is counted (--log-retain 0 kept every rolled file).
        var check = RunLogCheck.Of(logs);
        var (baseline, first, second, floodRss) = (long.Parse(rows[0][4]), long.Parse(rows[1][4]), long.Parse(rows[2][4]), long.Parse(rows[3][4]));
        var (fdsFirst, fdsSecond) = (int.Parse(rows[1][3]), int.Parse(rows[2][3]));
        var mismatches = new List<string>();
        mismatches.AddRange(check.Mismatches.Select(m => $"churn gateway: {m}"));
        mismatches.AddRange(limitCheck.Mismatches.Select(m => $"descriptor-limit gateway: {m}"));
        if (Math.Abs(fdsSecond - fdsFirst) > 5)
            mismatches.Add($"descriptors not back: {fdsFirst} after round 1, {fdsSecond} after round 2");
        if (second > first * 1.1)
            mismatches.Add($"RSS after round 2 {second} KiB is over round 1's {first} KiB + 10%");
        if (floodRss > baseline * FloodRssBound)
            mismatches.Add($"RSS with {cap * 2} connections held {floodRss} KiB is over {FloodRssBound} × the warm-up's {baseline} KiB");
        mismatches.AddRange(stormMisses.Select(m => $"storm: {m}"));

        var sb = new StringBuilder();
        sb.AppendLine("| step | cycles / connections | outcome | fds after | RSS after KiB | errors |");
        sb.AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var r in rows)
            sb.AppendLine("| " + string.Join(" | ", r) + " |");
        sb.AppendLine();
        sb.AppendLine(check.Summary() + "; " +
                      $"files in the run directory: {Directory.GetFileSystemEntries(logs).Length} ({string.Join(", ", Directory.GetFileSystemEntries(logs).Select(Path.GetFileName).Order(StringComparer.Ordinal))})");
        sb.AppendLine(limitDetail);
        sb.AppendLine($"RSS after round 2 vs round 1: {second} vs {first} KiB ({(second <= first * 1.1 ? "PASS" : "MISS")} ≤ +10%)");
        sb.AppendLine($"RSS right after {cap * 2} connections were held vs after the warm-up: {floodRss} vs {baseline} KiB ({(floodRss <= baseline * FloodRssBound ? "PASS" : "MISS")} ≤ {FloodRssBound}×)");
        sb.AppendLine();
        sb.Append(stormReport);
        sb.AppendLine();
        string[] dirs = [logs, logs + "-limit", logs + "-storm"];
        if (mismatches.Count > 0)
        {
            foreach (var m in mismatches)
                sb.AppendLine($"MISMATCH {m}");
            sb.AppendLine($"logs kept: {string.Join(", ", dirs)}");
            return (sb.ToString(), false);
        }
        // Hundreds of megabytes of logs: counted, then removed.
        foreach (var dir in dirs)
            Directory.Delete(dir, recursive: true);
        sb.AppendLine($"logs: {logs} (deleted after counting; nothing mismatched)");
        return (sb.ToString(), true);
    }

    private async Task RoundAsync(ServerProcess gateway, string name, int cycles, List<string[]> rows)
    {
        progress($"{name}: {cycles} connect → bogus GET → close cycles");
        var load = new FrameLoad(gateway.EndPoint, FramesMode.Reject, 50, TimeSpan.FromMinutes(10), TimeSpan.Zero, 16, 4, gateway.Pid, _ => { }, cycles);
        var r = await load.RunAsync();
        await Task.Delay(1000);
        rows.Add([name, r.Operations.ToString(CultureInfo.InvariantCulture), $"{r.PerSecond} cycles/s", gateway.Descriptors().ToString(),
            gateway.RssKiB().ToString(), r.Errors.Count == 0 ? "none" : string.Join(", ", r.Errors.Select(e => $"{e.Key} {e.Value}"))]);
    }
}
