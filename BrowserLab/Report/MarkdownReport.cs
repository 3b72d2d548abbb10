using Lab.Gateway.Analysis;
using System.Globalization;
using System.Text;
using Lab.BrowserLab.Join;

namespace Lab.BrowserLab.Report;

/// <summary>report.md: the summary, the timeline table, port-id gaps with their journal explanation.</summary>
public static class MarkdownReport
{
    public static string Render(ExperimentReport r)
    {
        var s = r.Summary;
        var sb = new StringBuilder();
        sb.AppendLine($"# Browser-retry experiment: policy `{r.Policy}`, schedule `{r.Schedule}`");
        sb.AppendLine();
        sb.AppendLine($"Gateway `{r.Gateway}`, URL `{r.Url}`, started {r.StartedAt:yyyy-MM-dd HH:mm:ss.fff} UTC, pause {r.PauseMs} ms.");
        sb.AppendLine();
        sb.AppendLine("## What happened");
        sb.AppendLine();
        foreach (var line in r.WhatHappened)
            sb.AppendLine($"- {line}");
        sb.AppendLine();
        sb.AppendLine("## Summary");
        sb.AppendLine();
        foreach (var line in SummaryLines(r))
            sb.AppendLine($"- {line}");
        sb.AppendLine();
        sb.AppendLine("## Timeline");
        sb.AppendLine();
        sb.AppendLine($"![timeline]({ReportFiles.Chart})");
        foreach (var n in ReportFiles.NavigationPanels(r))
            sb.AppendLine($"![navigation {n}]({ReportFiles.PanelFile(n)})");
        sb.AppendLine();
        sb.AppendLine("| ms | #Port | client port | nav | role | opener | bytes in | decoded head | close | browser error |");
        sb.AppendLine("|---:|---|---:|---:|---|---|---:|---|---|---|");
        foreach (var c in r.Connections)
            sb.AppendLine("| " + string.Join(" | ", Row(c)) + " |");
        sb.AppendLine();
        if (r.Connections.Any(c => c.Wire is not null))
        {
            sb.AppendLine($"## Wire view ({r.Capture})");
            sb.AppendLine();
            sb.AppendLine("| " + string.Join(" | ", WireSection.Columns) + " |");
            sb.AppendLine("|" + string.Concat(WireSection.Columns.Select(_ => "---|")));
            foreach (var row in WireSection.Rows(r.Connections))
                sb.AppendLine("| " + string.Join(" | ", row) + " |");
            sb.AppendLine();
            foreach (var line in WireSection.Explanation)
                sb.AppendLine($"- {line}");
            sb.AppendLine();
        }
        sb.AppendLine("## Steps");
        sb.AppendLine();
        foreach (var (heading, lines) in StepLines(r))
        {
            sb.AppendLine($"- {heading}");
            foreach (var line in lines)
                sb.AppendLine($"  - {line}");
        }
        sb.AppendLine();
        sb.AppendLine("## The seed, line by line");
        sb.AppendLine();
        sb.AppendLine("The field notes' experiment (three visits at 11:03, 11:05, 11:10) beside this run's steps 1, 2 and 3.");
        sb.AppendLine();
        sb.AppendLine("| the notes saw | this run saw | mechanism | verdict |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var line in r.Seed)
            sb.AppendLine($"| {Cell(line.Seed)} | {Cell(line.Run)} | {Cell(line.Mechanism)} | {Cell(line.Verdict)} |");
        sb.AppendLine();
        sb.AppendLine("## Port-id gaps");
        sb.AppendLine();
        if (r.Gaps.Count == 0)
            sb.AppendLine("None: the experiment's connections have consecutive ids.");
        foreach (var g in r.Gaps)
            sb.AppendLine($"- between #Port<0.{g.From}> and #Port<0.{g.To}>: {string.Join("; ", g.TakenBy)}");
        sb.AppendLine();
        sb.AppendLine("## Legend");
        sb.AppendLine();
        foreach (var line in Legend)
            sb.AppendLine($"- {line}");
        return sb.ToString();
    }

    public static IEnumerable<string> SummaryLines(ExperimentReport r)
    {
        var s = r.Summary;
        yield return $"navigations: {s.Navigations} ({string.Join(", ", s.NavigationOutcomes)})";
        yield return $"connections: {s.Connections} (per navigation: {string.Join(", ", s.ConnectionsPerNavigation)})";
        yield return $"retries: {s.Retries}" + (s.RetryErrors.Count > 0 ? $" ({string.Join(", ", s.RetryErrors.Select(e => $"{e.Key} ×{e.Value}"))})" : "");
        yield return $"unused preconnects: {s.UnusedPreconnects}";
        yield return $"error-page auto-reloads: {s.AutoReloads}";
        yield return $"unexplained: {s.Unexplained}" + (r.Capture is null ? "" : $" (of which wire mismatches: {s.WireMismatches})");
        yield return $"port-id gaps: {r.Gaps.Count}";
        yield return $"clocks: the gateway's ran {r.Clock.OffsetMs:0.#} ms ahead of the NetLog's (± {r.Clock.UncertaintyMs:0.#} ms, from {r.Clock.Samples} bounds: accept after connect, head after send, close before the other side noticed); " +
                     "every time below is on the NetLog's clock";
    }

    /// <summary>Roles, openers and the timeline's colours and marks: one text for report.md and report.html.</summary>
    public static readonly string[] Legend =
    [
        "Roles: `original` = first attempt of a navigation's request; `retry` = resend after HTTP_TRANSACTION_RESTART_AFTER_ERROR; " +
        "`unused` = a socket that never sent a byte (a preconnect); `other` = the first attempt of another request: `[auto-reload]` is Chromium reloading its error page (1 s, 5 s, … after a failure), `[subresource]` a favicon and the like; " +
        "`unexplained` = no match on the other side, or bytes sent with no request bound to the socket.",
        "Opener: `request` = the request's own connect job, `preconnect(N)` = a job that asked the pool for N sockets ahead of use.",
        "Timeline (timeline.png): one lane per connection, a bar from connect to the gateway's close; circle = the browser's connect, triangle = its first byte, square = the gateway's close; " +
        "colour by role: blue original, red retry, green other, grey unused, magenta unexplained; dashed lines = navigations. Every time is on the NetLog's clock (the gateway's shifted by the measured offset).",
    ];

    /// <summary>Per step: whether it started fresh, and the sockets it used with where each came from.</summary>
    public static IEnumerable<(string Heading, IReadOnlyList<string> Lines)> StepLines(ExperimentReport r) =>
        r.Steps.Select(s => ($"step {s.Step} (navigations {string.Join(", ", r.Navigations.Where(n => n.Step == s.Step).Select(n => n.Index))}, " +
                             $"began at +{s.StartMs:0} ms): {(s.FreshStart ? "fresh start" : "NOT a fresh start")}", s.Sockets));

    public static IEnumerable<string> Row(JoinedConnection c) =>
    [
        c.ConnectMs?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
        c.PortId is { } p ? $"#Port<0.{p}>" : "—",
        c.ClientPort.ToString(CultureInfo.InvariantCulture),
        c.Navigation?.ToString(CultureInfo.InvariantCulture) ?? "",
        c.Role + (c.RetryError is null ? "" : $" ({c.RetryError})") + (c.Request is null or RequestKind.Navigation ? "" : $" [{c.Request}]")
            + (c.Request == RequestKind.Subresource ? $" {c.Url}" : "") + (c.Unexplained is null ? "" : $": {c.Unexplained}"),
        c.Opener == "preconnect" ? $"preconnect({c.OpenerNumSockets})" : c.Opener,
        c.BytesIn.ToString(CultureInfo.InvariantCulture),
        c.HeadLength is { } h ? $"{h} \"{Cell(c.HeadAscii)}\"" : "",
        $"{c.ClosedBy} {c.CloseKind} {c.Reason}".Trim() + (c.Wire is { } w ? $" (wire: {w.FirstCloseBy} {w.FirstCloseKind})" : ""),
        c.BrowserError ?? "",
    ];

    private static string Cell(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal);
}
