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
public sealed class Soak(BenchPaths paths, int cyclesPerRound, int cap, TimeSpan storm, Action<string> progress)
{
    public async Task<string> RunAsync()
    {
        var logs = Path.Combine(Path.GetTempPath(), $"lab-soak-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
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
        var (limitRow, limitDetail) = await new DescriptorLimitRun(paths, progress).RunAsync(logs + "-limit");
        rows.Add(limitRow);
        // gateway.clef and the files it rolled into (gateway-000001.clef, …): every pair is counted, none is deleted (--log-retain 0).
        progress($"reject storm: {storm.TotalMinutes:0.#} min as fast as labload's 50 loops go");
        var stormReport = await new RejectStorm(paths, storm, TimeSpan.FromSeconds(storm.TotalMinutes >= 5 ? 60 : 15), progress).RunAsync(logs + "-storm");
        var clef = Directory.GetFiles(logs, "gateway*.clef").Order(StringComparer.Ordinal).SelectMany(File.ReadLines).ToList();
        var inits = clef.Count(l => l.Contains("\"Name\":\"init_ok\""));
        var ends = clef.Count(l => l.Contains("\"Name\":\"do_terminate\""));
        var refused = clef.Count(l => l.Contains("\"Name\":\"refused\""));
        var first = long.Parse(rows[1][4]);
        var second = long.Parse(rows[2][4]);

        var sb = new StringBuilder();
        sb.AppendLine("| step | cycles / connections | outcome | fds after | RSS after KiB | errors |");
        sb.AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var r in rows)
            sb.AppendLine("| " + string.Join(" | ", r) + " |");
        sb.AppendLine();
        sb.AppendLine($"log lines: {inits} init ok, {ends} do_terminate, {refused} refused — {(inits == ends ? "one do_terminate per init ok, nothing lost" : "MISMATCH")}; " +
                      $"files in the run directory: {Directory.GetFileSystemEntries(logs).Length} ({string.Join(", ", Directory.GetFileSystemEntries(logs).Select(Path.GetFileName).Order(StringComparer.Ordinal))})");
        sb.AppendLine(limitDetail);
        sb.AppendLine($"RSS after round 2 vs round 1: {second} vs {first} KiB ({(second <= first * 1.1 ? "PASS" : "MISS")} ≤ +10%)");
        sb.AppendLine();
        sb.Append(stormReport);
        // Hundreds of megabytes of logs: counted, then removed.
        Directory.Delete(logs, recursive: true);
        Directory.Delete(logs + "-limit", recursive: true);
        Directory.Delete(logs + "-storm", recursive: true);
        sb.AppendLine($"logs: {logs} (deleted after counting)");
        return sb.ToString();
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
