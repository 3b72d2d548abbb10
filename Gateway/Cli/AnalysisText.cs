using Lab.Logs.Analysis;
using Spectre.Console;
using Lab.Logs;
using Lab.Common.Text;

namespace Lab.Gateway.Cli;

/// <summary>The human-readable form of <see cref="RunAnalysis"/>: tables and short explanations.</summary>
internal static class AnalysisText
{
    /// <summary>The compact table's widest line: it fits a 120-column terminal.</summary>
    public const int CompactWidth = 120;

    public static void Write(RunAnalysis a, AnalysisView view)
    {
        var s = a.Summary;
        AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(a.Dir)}[/] (read {s.Source})").LeftJustified());
        var shown = a.Connections.Where(c => view.Reason is null || c.Reason == view.Reason).ToList();
        var rows = view.Limit is { } limit ? shown.Take(limit).ToList() : shown;
        AnsiConsole.Write(view.Wide ? WideTable(rows) : CompactTable(rows));
        if (rows.Count < shown.Count)
            Prose.WriteLine($"… {shown.Count - rows.Count} more connection(s) not shown (--limit {view.Limit})", "  ");
        if (view.Reason is not null)
            Prose.WriteLine($"{shown.Count} of {a.Connections.Count} connection(s) ended with reason {view.Reason}", "  ");
        if (view.Http)
            WriteHttp(a.HttpConnections);

        void Section(string title, IEnumerable<string> lines) => WriteSection(title, lines, view.Limit);
        Section("origins", a.Origins.Select(o => $"{o.Key}: {o.Value}"));
        Section("bursts (same client ip, same head, each head_error within the window of the previous: a client retrying; times are when the requests arrived)",
            a.Bursts.Select(b => $"{b.ClientIp} \"{b.Head}\": {Ports(b.PortIds)} from {Utc(b.Start)} to {Utc(b.End)}"
                                 + (b.FirstAcceptedAt < b.Start ? $" (first socket accepted {Utc(b.FirstAcceptedAt)})" : "")));
        Section("silent (no byte received: a preconnected socket never used)",
            a.Silent.Select(x => (x.CompanionPortId is { } c
                ? $"{Port(x.PortId)}, companion {Port(c)} opened {x.CompanionGapMs} ms apart"
                : $"{Port(x.PortId)}, no connection from its client within the window")
                + (x.BurstStart is { } b ? $"; nearest burst: the one from {Utc(b)}, a socket of it accepted {x.BurstGapMs} ms apart" : "; no burst within the window")));
        if (s.ReachabilityChecks > 0)
            Prose.WriteLine($"lab reachability checks: {s.ReachabilityChecks} (connected from {LogContract.ReachabilityCheckSource} and sent nothing: a probe making sure its target listens, not a client's preconnect)");
        Section("port-id gaps (ids between consecutive frame connections, and what took them)",
            a.Gaps.Select(g => $"{Port(g.From)} → {Port(g.To)}: {string.Join("; ", g.TakenBy)}"));
        if (!s.HasJournal)
            Prose.WriteLine("note: no ports.log in this run: gaps cannot be explained.");
        if (s.DeletedLogFiles > 0)
            Prose.WriteLine($"note: retention deleted the first {s.DeletedLogFiles} rolled file(s) of this run's log: its earliest connections are not counted (--log-retain 0 keeps every file).");
        if (s.ProblemLines > 0)
            Prose.WriteLine($"note: {s.ProblemLines} unreadable line(s) skipped" +
                              (s.CutLines > 0 ? $" ({s.CutLines} cut by a gateway that stopped mid-line, ended by the next run: log_cut)" : "") +
                              $"; first: {s.ProblemExamples.FirstOrDefault()}");
        if (s.MissingConnections is > 0 and var missing)
            Prose.WriteLine($"note: the logs lack {missing} connection(s): the gateway's totals say it accepted {s.AcceptedByTotals}, the logs hold " +
                              $"{s.AcceptedByTotals - missing} ({(s.LogWriteFailures > 0 ? $"{s.LogWriteFailures} log write(s) failed" : "no failed write counted")}" +
                              $"{(s.DeletedLogFiles > 0 ? "; retention deleted files too" : "")}); port-id gaps over them are those connections, not other sockets.");
        if (s.Runs.Count > 1 || s.Runs.Any(r => r.NeverStarted is not null))
            Section($"runs ({s.Runs.Count} in this directory; port ids go on across them)", s.Runs.Select(r =>
                $"{r.RunId}: started {Utc(r.At)}, first port id {Port(r.FirstPortId)}" +
                (r.NeverStarted is { } why ? $" — this gateway never started ({why}): no connection belongs to it" : "")));

        Prose.WriteLine($"summary: {s.Connections} frame connections ({s.Refused} refused), {s.HttpEndpointConnections} HTTP-endpoint connections, " +
                          $"{s.HeadErrors} head_errors, {s.Bursts} bursts, {s.Silent} silent, {s.Gaps} gaps");
        Prose.WriteLine($"head_errors by origin: {Join(s.HeadErrorsByOrigin)}", "  ");
        Prose.WriteLine($"head_errors by declared length: {Join(s.HeadErrorsByLength)}", "  ");
        Prose.WriteLine($"reasons: {Join(s.Reasons)}", "  ");
        Console.WriteLine();
    }

    /// <summary>One row per connection in at most 120 columns: the head (its ASCII and origin) in one cell,
    /// the time to the head_error as milliseconds after the accept, no borders.</summary>
    private static Table CompactTable(IEnumerable<AnalyzedConnection> connections)
    {
        var table = new Table().NoBorder().AddColumns("#Port", "client", "accepted", "head +ms", "ms", "in/out", "reason, close", "head");
        foreach (var column in table.Columns)
            column.Padding(0, 0, 1, 0);
        foreach (var c in connections)
        {
            table.AddRow(
                Port(c.PortId) + (c.Refused ? " [yellow]refused[/]" : ""),
                Markup.Escape(Client(c.ClientIp, c.ClientPort)),
                Utc(c.AcceptedAt),
                c.HeadErrorAt is { } h ? ((long)(h - c.AcceptedAt).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                c.DurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "open",
                $"{c.BytesIn}/{c.BytesOut}",
                Markup.Escape($"{c.Reason ?? "—"}, {c.ClosedBy} {c.CloseKind}".Trim().TrimEnd(',')),
                Markup.Escape(c.HeadAscii is null ? c.Frames > 0 ? $"{c.Frames} frame(s)" : "" : $"{Shorten($"\"{c.HeadAscii}\"", 20)} {c.Origin}"));
        }
        return table;
    }

    /// <summary>At most <paramref name="max"/> characters, the cut marked: an escaped binary head runs to 64.</summary>
    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Every field, one column each (--wide).</summary>
    private static Table WideTable(IEnumerable<AnalyzedConnection> connections)
    {
        var table = new Table().AddColumns("#Port", "client", "accepted", "head_error at", "ms", "in/out", "frames", "reason", "close",
            "head hex", "head ascii", "declared length", "origin");
        foreach (var c in connections)
        {
            table.AddRow(
                Port(c.PortId) + (c.Refused ? " [yellow]refused[/]" : ""),
                Markup.Escape(Client(c.ClientIp, c.ClientPort)),
                Utc(c.AcceptedAt),
                c.HeadErrorAt is { } h ? Utc(h) : "",
                c.DurationMs?.ToString() ?? "open",
                $"{c.BytesIn}/{c.BytesOut}",
                c.Frames.ToString(),
                Markup.Escape(c.Reason ?? "—"),
                Markup.Escape($"{c.ClosedBy} {c.CloseKind}".Trim()),
                Markup.Escape(c.HeadHex ?? ""),
                Markup.Escape(c.HeadAscii is null ? "" : $"\"{c.HeadAscii}\""),
                c.HeadLength is null ? "" : Markup.Escape($"{c.HeadLength} / {c.HeadLengthHex}"),
                Markup.Escape(c.Origin is null ? "" : c.OriginDetail is null ? c.Origin : $"{c.Origin} ({c.OriginDetail})"));
        }
        return table;
    }

    /// <summary>The HTTP lab endpoint's connections: the server side of short vs keep-alive (requests per connection).</summary>
    private static void WriteHttp(IReadOnlyList<AnalyzedConnection> connections)
    {
        Prose.WriteLine($"HTTP-endpoint connections: {(connections.Count == 0 ? "none" : $"{connections.Count}, {connections.Sum(c => c.Requests)} request(s)")}");
        if (connections.Count == 0)
            return;
        var table = new Table().NoBorder().AddColumns("#Port", "client", "accepted", "requests", "ms", "in/out", "reason, close");
        foreach (var column in table.Columns)
            column.Padding(0, 0, 1, 0);
        foreach (var c in connections)
            table.AddRow(Port(c.PortId), Markup.Escape(Client(c.ClientIp, c.ClientPort)), Utc(c.AcceptedAt), c.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.DurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "open", $"{c.BytesIn}/{c.BytesOut}",
                Markup.Escape($"{c.Reason ?? "—"}, {c.ClosedBy} {c.CloseKind}".Trim().TrimEnd(',')));
        AnsiConsole.Write(table);
    }

    public static void WriteSideBySide(IReadOnlyList<RunAnalysis> runs)
    {
        var table = new Table().AddColumn("");
        foreach (var r in runs)
            table.AddColumn(new TableColumn(Markup.Escape(Path.GetFileName(Path.TrimEndingDirectorySeparator(r.Dir)))).RightAligned());
        void Row(string name, Func<AnalysisSummary, object> value) =>
            table.AddRow([name, .. runs.Select(r => Markup.Escape(value(r.Summary).ToString() ?? ""))]);
        Row("frame connections", s => s.Connections);
        Row("refused", s => s.Refused);
        Row("HTTP-endpoint connections", s => s.HttpEndpointConnections);
        Row("head_errors", s => s.HeadErrors);
        Row("by origin", s => Join(s.HeadErrorsByOrigin));
        Row("bursts", s => s.Bursts);
        Row("silent", s => s.Silent);
        Row("gaps", s => s.Gaps);
        Row("unreadable lines", s => s.ProblemLines);
        AnsiConsole.Write(table);
    }

    /// <summary>A section's lines, at most <paramref name="limit"/> of them (--limit bounds every section as it does the table).</summary>
    private static void WriteSection(string title, IEnumerable<string> lines, int? limit)
    {
        var list = lines.ToList();
        Prose.WriteLine($"{title}: {(list.Count == 0 ? "none" : "")}");
        foreach (var line in limit is { } l ? list.Take(l) : list)
            Prose.WriteLine($"{line}", "  ");
        if (limit is { } max && list.Count > max)
            Prose.WriteLine($"… and {list.Count - max} more (--limit {max})", "  ");
    }

    /// <summary>A burst's ids: all of a short one; the first few, the last and the count of a long one (a reject storm's
    /// bursts run to thousands of connections, which once made a 58,155-character line).</summary>
    public static string Ports(IReadOnlyList<long> ids) =>
        ids.Count <= BurstIdsShown
            ? string.Join(" ", ids.Select(Port))
            : $"{string.Join(" ", ids.Take(BurstIdsShown - 1).Select(Port))} … {Port(ids[^1])} ({ids.Count} connections)";

    private const int BurstIdsShown = 6;

    private static string Port(long id) => LogContract.FormatPort(id);

    private static string Join(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} ×{c.Value}"));

    /// <summary>Times as every log writes them: UTC, marked Z.</summary>
    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + "Z";

    /// <summary>The client as <c>gateway conn</c> takes it back: an IPv6 address in brackets (<c>[::1]:40308</c>).</summary>
    internal static string Client(string ip, int port) =>
        ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port}" : $"{ip}:{port}";
}
