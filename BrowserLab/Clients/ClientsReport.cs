using Lab.Common.Text;
using System.Globalization;
using System.Text;
using Lab.BrowserLab.Report;
using ScottPlot;

namespace Lab.BrowserLab.Clients;

/// <summary>clients.md, clients.json, clients.png and clients.html from one <see cref="ClientsResult"/>.</summary>
internal static class ClientsReport
{
    public const string Markdown = "clients.md", Json = "clients.json", Chart = "clients.png";

    public static void Write(ClientsResult result, IReadOnlyList<ClientUnderTest> clients, IReadOnlyList<string> skipped, string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, Json), ReportJson.Serialize(result));
        File.WriteAllText(Path.Combine(dir, Markdown), RenderMarkdown(result, clients, skipped));
        SaveChart(result, Path.Combine(dir, Chart));
        File.WriteAllText(Path.Combine(dir, ClientsHtml.File), ClientsHtml.Render(result));
    }

    public static string RenderMarkdown(ClientsResult result, IReadOnlyList<ClientUnderTest> clients, IReadOnlyList<string> skipped)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# The same rejection, every kind of client (gateway {result.Gateway})");
        sb.AppendLine();
        if (result.Interrupted)
            sb.AppendLine(InterruptedLine(result)).AppendLine();
        sb.AppendLine(Table(result, BoundsOf(clients)));
        sb.AppendLine("Connections: what the gateway accepted during the attempt (median, min–max over trials); with request: those that sent a byte; " +
                      "own: the connections and retries the client's own log shows (NetLog TCP_CONNECTs and HTTP_TRANSACTION_RESTART_AFTER_ERROR; " +
                      "wget's \"connected.\" and \"Retrying.\" lines), `—` for a client that keeps none; a difference from the gateway's count is marked `≠`; " +
                      "bounded by: the setting that bounds the client's attempts, where it is known.");
        sb.AppendLine();
        if (result.Vary is { } vary)
        {
            sb.AppendLine($"## With the bounding setting changed (--vary): {string.Join("; ", vary.Settings.Select(v => $"{v.Key}: {v.Value}"))}");
            sb.AppendLine();
            sb.AppendLine(VariedTable(vary, result.Gateway));
        }
        sb.AppendLine("What bounds each client's attempts, and where that is written:");
        foreach (var c in clients)
            sb.AppendLine($"- {c.Name}: {c.AttemptBound ?? "no setting that bounds its attempts is known here"}");
        foreach (var s in skipped)
            sb.AppendLine($"- skipped: {s}");
        return sb.ToString();
    }

    /// <summary>What an interrupted run covers.</summary>
    public static string InterruptedLine(ClientsResult result) =>
        $"**Interrupted:** {result.Runs.Count} of {result.AttemptsPlanned} attempts ended before the signal; the table covers those.";

    /// <summary>Each client's known bound on its attempts, by name (null: none known).</summary>
    public static IReadOnlyDictionary<string, string?> BoundsOf(IReadOnlyList<ClientUnderTest> clients) =>
        clients.ToDictionary(c => c.Name, c => c.AttemptBound);

    /// <summary>The --vary runs' table: "bounded by" is the setting as changed.</summary>
    public static string VariedTable(VariedRuns vary, string gateway) => Table(Varied(vary, gateway), ChangedBounds(vary));

    /// <summary>The --vary runs as a terminal shows them.</summary>
    public static string VariedText(VariedRuns vary, string gateway) => Text(Varied(vary, gateway), ChangedBounds(vary));

    private static ClientsResult Varied(VariedRuns vary, string gateway) => new(gateway, vary.Runs, vary.Summary);

    private static Dictionary<string, string?> ChangedBounds(VariedRuns vary) => vary.Settings.ToDictionary(v => v.Key, v => (string?)$"changed: {v.Value}");

    /// <param name="bounds">The setting that bounds each client's attempts, named on each of its rows.</param>
    public static string Table(ClientsResult result, IReadOnlyDictionary<string, string?> bounds)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| client | policy | connections | with request | span ms | client's own error | own count | own retries | cut off | bounded by |");
        sb.AppendLine("|---|---|---:|---:|---:|---|---:|---:|---|---|");
        foreach (var r in Rows(result, bounds))
            sb.AppendLine($"| {r.Client} | {r.Policy} | {r.Connections} | {r.WithRequest} | {r.SpanMs} | {Cell(r.Error)} | {r.Own} | {r.Retries} | {r.CutOff} | {Cell(r.Bound)} |");
        return sb.ToString();
    }

    /// <summary>The table's rows as a terminal shows them: one folded paragraph each (the table is wider than a terminal).</summary>
    public static string Text(ClientsResult result, IReadOnlyDictionary<string, string?> bounds) =>
        string.Concat(Rows(result, bounds).Select(r => Prose.Fold(
            $"{r.Client}, {r.Policy}: {r.Connections} connection(s), with request {r.WithRequest}, span {r.SpanMs} ms; its error: {r.Error}; " +
            $"own count {r.Own}, own retries {r.Retries}; cut off: {r.CutOff}; bounded by {r.Bound}") + Environment.NewLine));

    private sealed record Row(string Client, string Policy, string Connections, string WithRequest, string SpanMs, string Error, string Own, string Retries, string CutOff, string Bound);

    private static IEnumerable<Row> Rows(ClientsResult result, IReadOnlyDictionary<string, string?> bounds)
    {
        foreach (var s in result.Summary)
        {
            var runs = result.Runs.Where(r => r.Client == s.Client && r.Policy == s.Policy).ToList();
            var own = runs.All(r => r.ClientOwnCount is null) ? "—"
                : string.Join(" ", runs.Select(r => r.ClientOwnCount == r.Connections ? $"{r.ClientOwnCount}" : $"{r.ClientOwnCount}≠{r.Connections}"));
            yield return new Row(s.Client, s.Policy,
                $"{s.ConnectionsMedian.ToString("0.#", CultureInfo.InvariantCulture)} ({s.ConnectionsMin}–{s.ConnectionsMax})",
                string.Join(" ", runs.Select(r => r.WithRequest)),
                string.Join(" ", runs.Select(r => r.SpanMs.ToString("0", CultureInfo.InvariantCulture))),
                string.Join(" / ", runs.Select(r => r.ClientError).Distinct()),
                own,
                runs.All(r => r.ClientOwnRetries is null) ? "—" : string.Join(" ", runs.Select(r => r.ClientOwnRetries)),
                runs.Any(r => r.CutOff) ? $"{runs.Count(r => r.CutOff)}/{runs.Count}" : "no",
                bounds.GetValueOrDefault(s.Client) is { } b ? BoundName(b) : "none known");
        }
    }

    private static void SaveChart(ClientsResult result, string path)
    {
        var plot = new Plot();
        var policies = result.Summary.Select(s => s.Policy).Distinct().ToList();
        var clients = result.Summary.Select(s => s.Client).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new List<Tick>();
        for (var p = 0; p < policies.Count; p++)
        {
            for (var c = 0; c < clients.Count; c++)
            {
                var s = result.Summary.FirstOrDefault(x => x.Policy == policies[p] && x.Client == clients[c]);
                if (s is null)
                    continue;
                var x = p * (clients.Count + 1) + c;
                var bar = plot.Add.Bar(new Bar { Position = x, Value = s.ConnectionsMedian, FillColor = palette.GetColor(c) });
                bar.LegendText = p == 0 ? clients[c] : "";
                // The whisker spans min to max itself: a bar's Error would be drawn symmetric about the median.
                if (s.ConnectionsMax > s.ConnectionsMin)
                {
                    var whisker = plot.Add.Line(x, s.ConnectionsMin, x, s.ConnectionsMax);
                    whisker.Color = Colors.Black;
                    whisker.LineWidth = 2;
                }
            }
            ticks.Add(new Tick(p * (clients.Count + 1) + (clients.Count - 1) / 2.0, policies[p]));
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("connections (median, min–max)");
        plot.Title("One load of http://GATEWAY/anything, per client and policy");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Math.Max(700, 60 * policies.Count * (clients.Count + 1)), 480);
    }

    /// <summary>A bound's name without where it is written ("Chromium kMaxRetryAttempts = 2 (net/http/…), then …"
    /// → "Chromium kMaxRetryAttempts = 2"): short enough for every row; clients.md lists the sources below the table.</summary>
    private static string BoundName(string bound) => bound.Split(" (")[0];

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
