using System.Globalization;
using System.Text;

namespace Lab.Bench;

/// <summary>The Markdown table `./lab bench` prints and writes to bench/results.</summary>
internal static class BenchTable
{
    /// <summary>The table's header for a run of these servers: a median column each, then the gateway over each peer.</summary>
    public static string Header(IReadOnlyList<ServerKind> servers)
    {
        var peers = servers.Where(k => k != ServerKind.Gateway).ToList();
        var order = string.Join(" / ", servers.Select(Short));
        return "| workload | metric | " + string.Join(" | ", servers.Select(Title)) + " | " + string.Join(" | ", peers.Select(p => $"gw / {Title(p)}")) +
               $" | best peer | server CPU s ({order}) | generator CPU s ({order}) | GCs gen0/1/2 (gw; K) | load errors ({order}) | targets |";
    }

    private static string Title(ServerKind kind) => kind switch
    {
        ServerKind.Otp => "OTP",
        _ => kind.ToString(),
    };

    private static string Short(ServerKind kind) => kind switch
    {
        ServerKind.Gateway => "gw",
        ServerKind.Otp => "OTP",
        ServerKind.Kestrel => "K",
        ServerKind.Netty => "N",
        _ => kind.ToString(),
    };

    public static string Render(BenchReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Lab bench, {report.At:yyyy-MM-dd HH:mm} UTC, commit {report.Commit}, {report.Configuration} build, {report.Cores} cores, " +
                      $"cells of {report.Config.Warmup.TotalSeconds:0.#} s warm-up + {report.Config.Measure.TotalSeconds:0.#} s measured, " +
                      $"{report.Config.Repetitions} repetition(s) alternating {string.Join(", ", report.Config.Servers.Select(Title))}. Echo and reject rows are driven by labload " +
                      "(bench/Native/labload.c: one thread, epoll), the cheapest generator here; \"probe frames (reference)\" rows by the .NET probe. " +
                      "CPU columns are the measured window's, read at the same instants for both sides; a row whose generator used more CPU than its server says generator-bound.");
        if (report.InterruptedSentence is { } interrupted)
            sb.AppendLine().AppendLine($"**Interrupted:** {interrupted}");
        sb.AppendLine();
        var servers = report.Config.Servers;
        var names = servers.Select(BenchLines.Name).ToList();
        var peers = names.Skip(1).ToList();
        sb.AppendLine(Header(servers));
        sb.AppendLine("|---|---|" + string.Concat(Enumerable.Repeat("---:|", servers.Count + peers.Count)) + "---|---|---|---|---|---|");
        foreach (var l in report.Lines)
        {
            sb.AppendLine("| " + string.Join(" | ",
                [
                    l.Title, l.Unit + (l.HigherIsBetter ? " ↑" : " ↓"),
                    .. names.Select(n => Cell(l, n)),
                    .. peers.Select(p => Ratio(l.GatewayTo.TryGetValue(p, out var r) ? r : null)),
                    l.BestPeer ?? "—",
                    Each(l.ServerCpuSeconds, names), Each(l.GeneratorCpuSeconds, names) + (l.GeneratorBound.Count > 0 ? $" generator-bound: {string.Join(", ", l.GeneratorBound)}" : ""), Collections(l),
                    l.Errors.Count == 0 ? "—" : Each(l.Errors, names),
                    l.Targets.Count == 0 ? "" : string.Join("; ", l.Targets.Select(t => $"{t.Verdict} {t.Target} ({t.Measured})")),
                ]) + " |");
        }
        if (report.Http.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"HTTP calibration, {report.Config.HttpRequests} requests short and {report.Config.HttpRequests * HttpCalibration.KeepAliveFactor} keep-alive, concurrency 8 (requests/s; target: probe http within ±20% of ab):");
            sb.AppendLine();
            sb.AppendLine("| server | mode | probe http | ab | wrk | probe / ab | target |");
            sb.AppendLine("|---|---|---:|---:|---:|---:|---|");
            foreach (var h in report.Http)
                sb.AppendLine($"| {h.Server} | {h.Mode} | {F(h.ProbeRps)} | {F(h.AbRps)} | {(h.WrkRps is { } w ? F(w) : "—")} | {h.Ratio.ToString("0.00", CultureInfo.InvariantCulture)}× | {(h.Pass ? "PASS" : "MISS")} |");
        }
        var checks = Checks(report);
        sb.AppendLine();
        sb.AppendLine($"Targets: {checks.Count(t => t.Pass)} PASS, {checks.Count(t => !t.Pass && !t.NoData)} MISS" +
                      (checks.Any(t => t.NoData) ? $", {checks.Count(t => t.NoData)} NO DATA" : "") +
                      ". ↑ higher is better, ↓ lower is better; cells are medians (min–max) over the repetitions; a target with nothing measured on a side is NO DATA, " +
                      "and one whose gateway cells had load errors cannot pass.");
        return sb.ToString();
    }

    /// <summary>Every target the run was held to: the table's lines' and the HTTP calibration's.</summary>
    public static IReadOnlyList<TargetCheck> Checks(BenchReport report) =>
        report.Lines.SelectMany(l => l.Targets).Concat(report.Http.Select(h => new TargetCheck("probe http within ±20% of ab", h.Pass, ""))).ToList();

    private static string Cell(BenchLine l, string server)
    {
        if (!l.Median.TryGetValue(server, out var median))
            return "—";
        var range = l.Range[server];
        return range[0] == range[1] ? F(median) : $"{F(median)} ({F(range[0])}–{F(range[1])})";
    }

    private static string Ratio(double? r) => r is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—";

    /// <summary>One figure per server, in the run's order ("—" for one without it).</summary>
    private static string Each(IReadOnlyDictionary<string, double> v, IReadOnlyList<string> names) =>
        v.Count == 0 ? "—" : string.Join(" / ", names.Select(n => v.TryGetValue(n, out var x) ? F(x) : "—"));

    private static string Collections(BenchLine l) =>
        l.Collections.Count == 0
            ? "—"
            : string.Join("; ", new[] { "gateway", "kestrel" }.Select(s => l.Collections.TryGetValue(s, out var g) ? string.Join("/", g.Select(F)) : "—"));

    // Per-frame allocations sit far below a thousandth of a byte: small figures keep their digits.
    internal static string F(double v) =>
        v.ToString(Math.Abs(v) >= 100 ? "0" : Math.Abs(v) >= 0.01 || v == 0 ? "0.###" : "0.#####", CultureInfo.InvariantCulture);
}
