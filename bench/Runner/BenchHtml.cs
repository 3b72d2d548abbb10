using System.Globalization;
using System.Net;
using System.Text;

namespace Lab.Bench;

/// <summary>
/// A run's results as a page (<c>bench/results/STAMP.html</c>, beside the .md, .json and .png): the table's rows with
/// each server's median and a whisker over its repetitions' min–max, drawn to one scale per row so that servers
/// compare at a glance, the best peer, and each target's verdict. One file, inline SVG and CSS, no script: it opens
/// offline from disk and asks for nothing. Hovering a whisker gives its figures.
/// </summary>
internal static class BenchHtml
{
    private const int WhiskerWidth = 120;

    private const string Style =
        "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;font-size:12px;vertical-align:middle}" +
        "td.num{text-align:right;white-space:nowrap}th{background:#f4f4f4}.PASS{background:#d9f2d9}.MISS{background:#f9d6d6}.NODATA{background:#eee}" +
        ".target{display:block;margin:1px 0;padding:1px 3px}tr.best td.best{font-weight:bold}svg{display:block}";

    public static string Render(BenchReport report)
    {
        var servers = report.Config.Servers.Select(BenchLines.Name).ToList();
        var checks = BenchTable.Checks(report);
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Lab bench ").Append(report.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
            .Append(" UTC</title><style>").Append(Style).Append("</style></head><body>");
        sb.Append("<h1>Lab bench, ").Append(report.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC</h1>");
        sb.Append("<p id=\"run\">commit ").Append(E(report.Commit)).Append(", ").Append(E(report.Configuration)).Append(" build, ").Append(report.Cores)
            .Append(" cores, ").Append(report.Config.Repetitions).Append(" repetition(s) of ").Append(report.Config.Warmup.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture))
            .Append(" s warm-up + ").Append(report.Config.Measure.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)).Append(" s measured, alternating ")
            .Append(E(string.Join(", ", servers))).Append(".</p>");
        if (report.InterruptedSentence is { } interrupted)
            sb.Append("<p id=\"interrupted\"><b>Interrupted:</b> ").Append(E(interrupted)).Append("</p>");
        sb.Append("<p id=\"targets\">Targets: ").Append(checks.Count(t => t.Pass)).Append(" PASS, ").Append(checks.Count(t => !t.Pass && !t.NoData)).Append(" MISS, ")
            .Append(checks.Count(t => t.NoData)).Append(" NO DATA. Each server's cell: its median and, below it, a whisker from its repetitions' lowest to highest ")
            .Append("on the row's own scale (from 0 to the row's highest figure), the median a dot; ↑ higher is better, ↓ lower is better.</p>");
        sb.Append("<table id=\"lines\"><thead><tr><th>row</th><th>metric</th>");
        foreach (var s in servers)
            sb.Append("<th>").Append(E(s)).Append("</th>");
        sb.Append("<th>best peer</th><th>targets</th></tr></thead><tbody>");
        foreach (var line in report.Lines)
        {
            var top = line.Range.Values.Select(r => r[1]).DefaultIfEmpty(0).Max();
            sb.Append("<tr data-workload=\"").Append(E(line.Workload)).Append("\" data-metric=\"").Append(E(line.Metric)).Append("\"><td>").Append(E(line.Title))
                .Append("</td><td>").Append(E(line.Unit)).Append(line.HigherIsBetter ? " ↑" : " ↓").Append("</td>");
            foreach (var s in servers)
                sb.Append(Cell(line, s, top));
            sb.Append("<td>").Append(E(line.BestPeer ?? "—")).Append("</td><td>");
            foreach (var t in line.Targets)
                sb.Append("<span class=\"target ").Append(t.Verdict.Replace(" ", "", StringComparison.Ordinal)).Append("\">").Append(E($"{t.Verdict} {t.Target} ({t.Measured})")).Append("</span>");
            sb.Append("</td></tr>");
        }
        sb.Append("</tbody></table>");
        if (report.Http.Count > 0)
        {
            sb.Append("<h2>HTTP calibration</h2><table id=\"http\"><thead><tr><th>server</th><th>mode</th><th>probe http</th><th>ab</th><th>probe / ab</th><th>target</th></tr></thead><tbody>");
            foreach (var h in report.Http)
                sb.Append("<tr><td>").Append(E(h.Server)).Append("</td><td>").Append(E(h.Mode)).Append("</td><td class=\"num\">").Append(BenchTable.F(h.ProbeRps))
                    .Append("</td><td class=\"num\">").Append(BenchTable.F(h.AbRps)).Append("</td><td class=\"num\">").Append(h.Ratio.ToString("0.00", CultureInfo.InvariantCulture))
                    .Append("×</td><td class=\"").Append(h.Pass ? "PASS" : "MISS").Append("\">").Append(h.Pass ? "PASS" : "MISS").Append("</td></tr>");
            sb.Append("</tbody></table>");
        }
        sb.Append("</body></html>");
        return sb.ToString();
    }

    /// <summary>A server's median with its whisker, or "—" where it measured nothing.</summary>
    private static string Cell(BenchLine line, string server, double top)
    {
        if (!line.Median.TryGetValue(server, out var median))
            return "<td class=\"num\" data-server=\"" + E(server) + "\">—</td>";
        var range = line.Range[server];
        string X(double v) => (top > 0 ? 4 + v / top * (WhiskerWidth - 8) : 4).ToString("0.#", CultureInfo.InvariantCulture);
        var best = line.BestPeer == server ? " best" : "";
        return $"<td class=\"num{best}\" data-server=\"{E(server)}\" data-median=\"{median.ToString(CultureInfo.InvariantCulture)}\">{BenchTable.F(median)}" +
               $"<svg width=\"{WhiskerWidth}\" height=\"12\"><title>{E($"{server}: median {BenchTable.F(median)}, {BenchTable.F(range[0])}–{BenchTable.F(range[1])}")}</title>" +
               $"<line x1=\"{X(range[0])}\" x2=\"{X(range[1])}\" y1=\"6\" y2=\"6\" stroke=\"#333\" stroke-width=\"2\"/>" +
               $"<line x1=\"{X(range[0])}\" x2=\"{X(range[0])}\" y1=\"2\" y2=\"10\" stroke=\"#333\"/><line x1=\"{X(range[1])}\" x2=\"{X(range[1])}\" y1=\"2\" y2=\"10\" stroke=\"#333\"/>" +
               $"<circle cx=\"{X(median)}\" cy=\"6\" r=\"3.5\" fill=\"{(server == "gateway" ? "#c0392b" : "#2c3e50")}\"/></svg></td>";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
