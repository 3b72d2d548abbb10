using System.Globalization;
using Lab.Logs;
using Lab.BrowserLab.Join;
using Lab.BrowserLab.Report.Document;

namespace Lab.BrowserLab.Report;

/// <summary>The experiment's report as one document (<see cref="ReportDocument"/>): report.md and
/// report.html are both written from it, so every section, list and table is the same in both.</summary>
internal static class ExperimentDocument
{
    /// <summary>HTML ids of the sections that scripts and tests look for.</summary>
    public const string WhatHappenedId = "what-happened", ConnectionsId = "connections", WireId = "wire", StepsId = "steps",
        SeedId = "seed", GapsId = "gaps", LegendId = "legend", TimelineId = "timeline", ExplorerId = "explorer";

    public static readonly string[] ConnectionColumns = ["ms", "#Port", "client port", "nav", "role", "opener", "bytes in", "decoded head", "close", "browser error"];

    public static ReportDocument Build(ExperimentReport r)
    {
        var blocks = new List<ReportBlock>
        {
            new Paragraph($"Gateway `{r.Gateway}`, URL `{r.Url}`, started {r.StartedAt:yyyy-MM-dd HH:mm:ss.fff} UTC, pause {r.PauseMs} ms, " +
                          (r.WatchAfterMs > 0 ? $"the last step watched {r.WatchAfterMs} ms after its navigation ended." : "the browser closed right after the last step.")),
            new Heading(2, "What happened"),
            BulletList.Of(WhatHappenedId, r.WhatHappened),
            new Heading(2, "Summary"),
            BulletList.Of(null, SummaryLines(r)),
            new Heading(2, "Timeline"),
            new InteractiveTimeline(ExplorerId, Explorer.ExplorerModelBuilder.Build(r)),
            new Image(TimelineId, "timeline", ReportFiles.Chart),
        };
        blocks.AddRange(ReportFiles.NavigationPanels(r).Select(n => new Image(null, $"navigation {n}", ReportFiles.PanelFile(n))));
        blocks.Add(new Table(ConnectionsId, ConnectionColumns, r.Connections.Select(c => (IReadOnlyList<string>)Row(c).ToList()).ToList(), new HashSet<int> { 0, 2, 3, 6 }));
        if (r.Connections.Any(c => c.Wire is not null))
        {
            blocks.Add(new Heading(2, $"Wire view ({r.Capture})"));
            blocks.Add(new Table(WireId, WireSection.Columns, WireSection.Rows(r.Connections).Select(row => (IReadOnlyList<string>)row).ToList()));
            blocks.Add(BulletList.Of(null, WireSection.Explanation));
        }
        blocks.Add(new Heading(2, "Steps"));
        blocks.Add(new BulletList(StepsId, StepLines(r).Select(s => new BulletItem(s.Heading, s.Lines)).ToList()));
        blocks.Add(new Heading(2, "The seed, line by line"));
        blocks.Add(new Paragraph("The field notes' experiment read as three visits at 11:03, 11:05 and 11:10 (the `visits` story, one reading of the notes; " +
                                 "\"The notes' clock\" below tests it against the others), then nothing until 11:37, beside this run's steps 1, 2 and 3 " +
                                 "and what the browser did after its last step."));
        blocks.Add(new Table(SeedId, ["the notes saw", "this run saw", "mechanism", "verdict", "connections"],
            r.Seed.Select(l => (IReadOnlyList<string>)[l.Seed, l.Run, l.Mechanism, l.Verdict, Explorer.ExplorerLinks.Cell(l.Connections.Select(id => (long?)id))]).ToList()));
        blocks.AddRange(NotesClockSection.Blocks(r.NotesClock));
        blocks.Add(new Heading(2, "Port-id gaps"));
        blocks.Add(r.Gaps.Count == 0
            ? new Paragraph("None: the experiment's connections have consecutive ids.")
            : BulletList.Of(GapsId, r.Gaps.Select(g => $"between {LogContract.FormatPort(g.From)} and {LogContract.FormatPort(g.To)}: {string.Join("; ", g.TakenBy)}")));
        blocks.Add(new Heading(2, "Legend"));
        blocks.Add(BulletList.Of(LegendId, Legend));
        return new ReportDocument($"Browser-retry experiment: policy `{r.Policy}`, schedule `{r.Schedule}`", blocks);
    }

    public static IEnumerable<string> SummaryLines(ExperimentReport r)
    {
        var s = r.Summary;
        if (r.Interrupted)
            yield return $"interrupted: stopped by a signal after {s.Navigations} of the schedule's navigations; this report covers those";
        yield return $"navigations: {s.Navigations} ({string.Join(", ", s.NavigationOutcomes)})";
        yield return $"connections: {s.Connections} (per navigation: {string.Join(", ", s.ConnectionsPerNavigation)})";
        yield return $"retries: {s.Retries}" + (s.RetryErrors.Count > 0 ? $" ({string.Join(", ", s.RetryErrors.Select(e => $"{e.Key} ×{e.Value}"))})" : "");
        yield return $"unused preconnects: {s.UnusedPreconnects}";
        yield return $"error-page auto-reloads: {s.AutoReloads}";
        yield return $"unexplained: {s.Unexplained}" + (r.Capture is null ? "" : $" (of which wire mismatches: {s.WireMismatches})");
        yield return $"port-id gaps: {r.Gaps.Count}";
        if (r.NetworkChange is { } n)
            yield return $"network: {n.Link} down at {n.DownAtMs / 1000:0.###} s, up at {n.UpAtMs / 1000:0.###} s; the NetLog recorded {n.Changes.Count} change(s) " +
                         $"({string.Join(", ", n.Changes.Select(c => $"{c.ConnectionType} at {c.AtMs / 1000:0.###} s"))}); " +
                         $"reloads after it went down: {(n.Reloads.Count == 0 ? "none" : string.Join(", ", n.Reloads.Select(x => $"[{x.Kind}] at {x.AtMs / 1000:0.###} s")))}; {n.Finding}";
        if (r.Interruption is { } i)
            yield return $"interrupted {i.IntoWatchMs / 1000.0:0.###} s into the watch: {i.What}; after it, in the {i.WatchedAfterMs / 1000:0.###} s watched: " +
                         $"{i.ConnectionsAfter} connection(s), {i.ReloadRequestsAfter} reload request(s)";
        yield return $"clocks: the gateway's ran {r.Clock.AheadOrBehind()} the NetLog's (± {r.Clock.UncertaintyMs:0.#} ms, from {r.Clock.Samples} bounds: accept after connect, head after send, the gateway's head_error before the browser saw its close, the browser's close before the gateway logged it); " +
                     "every time below is on the NetLog's clock";
    }

    /// <summary>Roles, openers and the timeline's colours and marks.</summary>
    public static readonly string[] Legend =
    [
        "Roles: `original` = first attempt of a navigation's request; `retry` = resend after HTTP_TRANSACTION_RESTART_AFTER_ERROR; " +
        "`unused` = a socket that never sent a byte (a preconnect); `other` = the first attempt of another request: `[auto-reload]` is Chromium reloading its error page (1 s, 5 s, 30 s, … after a failure), `[network-change]` such a reload whose timer a network change in the NetLog restarted (it comes the current delay after that change), `[subresource]` a favicon and the like; " +
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
        c.PortId is { } p ? LogContract.FormatPort(p) : "—",
        c.ClientPort.ToString(CultureInfo.InvariantCulture),
        c.Navigation?.ToString(CultureInfo.InvariantCulture) ?? "",
        c.Role + (c.RetryError is null ? "" : $" ({c.RetryError})") + (c.Request is null or RequestKind.Navigation ? "" : $" [{c.Request}]")
            + (c.Request == RequestKind.Subresource ? $" {c.Url}" : "") + (c.Unexplained is null ? "" : $": {c.Unexplained}"),
        c.Opener == "preconnect" ? $"preconnect({c.OpenerNumSockets})" : c.Opener,
        c.BytesIn.ToString(CultureInfo.InvariantCulture),
        c.HeadLength is { } h ? $"{h} \"{c.HeadAscii}\"" : "",
        $"{c.ClosedBy} {c.CloseKind} {c.Reason}".Trim() + (c.Wire is { } w ? $" (wire: {w.FirstCloseBy} {w.FirstCloseKind})" : ""),
        c.BrowserError ?? "",
    ];
}
