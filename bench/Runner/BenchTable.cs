using System.Globalization;
using System.Text;

namespace Lab.Bench;

/// <summary>The Markdown table `./lab bench` prints and writes to bench/results.</summary>
internal static class BenchTable
{
    public const string Header = "| workload | metric | gateway | OTP | Kestrel | gw / OTP | gw / Kestrel | server CPU s (gw / OTP / K) | generator CPU s (gw / OTP / K) | GCs gen0/1/2 (gw; K) | load errors (gw / OTP / K) | targets |";

    public static string Render(BenchReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Lab bench, {report.At:yyyy-MM-dd HH:mm} UTC, commit {report.Commit}, {report.Configuration} build, {report.Cores} cores, " +
                      $"cells of {report.Config.Warmup.TotalSeconds:0.#} s warm-up + {report.Config.Measure.TotalSeconds:0.#} s measured, " +
                      $"{report.Config.Repetitions} repetition(s) alternating gateway, OTP, Kestrel. Echo and reject rows are driven by labload " +
                      "(bench/Native/labload.c: one thread, epoll), the cheapest generator here; \"probe frames (reference)\" rows by the .NET probe. " +
                      "CPU columns are the measured window's, read at the same instants for both sides; a row whose generator used more CPU than its server says generator-bound.");
        if (report.InterruptedSentence is { } interrupted)
            sb.AppendLine().AppendLine($"**Interrupted:** {interrupted}");
        sb.AppendLine();
        sb.AppendLine(Header);
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---|---|---|---|");
        foreach (var l in report.Lines)
        {
            sb.AppendLine("| " + string.Join(" | ",
                l.Title, l.Unit + (l.HigherIsBetter ? " ↑" : " ↓"),
                Cell(l, "gateway"), Cell(l, "otp"), Cell(l, "kestrel"),
                Ratio(l.GatewayToOtp), Ratio(l.GatewayToKestrel),
                Triple(l.ServerCpuSeconds), Triple(l.GeneratorCpuSeconds) + (l.GeneratorBound.Count > 0 ? $" generator-bound: {string.Join(", ", l.GeneratorBound)}" : ""), Collections(l),
                l.Errors.Count == 0 ? "—" : Triple(l.Errors),
                l.Targets.Count == 0 ? "" : string.Join("; ", l.Targets.Select(t => $"{t.Verdict} {t.Target} ({t.Measured})"))) + " |");
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

    private static string Triple(IReadOnlyDictionary<string, double> v) =>
        v.Count == 0 ? "—" : $"{F(v["gateway"])} / {F(v["otp"])} / {F(v["kestrel"])}";

    private static string Collections(BenchLine l) =>
        l.Collections.Count == 0
            ? "—"
            : string.Join("; ", new[] { "gateway", "kestrel" }.Select(s => l.Collections.TryGetValue(s, out var g) ? string.Join("/", g.Select(F)) : "—"));

    // Per-frame allocations sit far below a thousandth of a byte: small figures keep their digits.
    internal static string F(double v) =>
        v.ToString(Math.Abs(v) >= 100 ? "0" : Math.Abs(v) >= 0.01 || v == 0 ? "0.###" : "0.#####", CultureInfo.InvariantCulture);
}
