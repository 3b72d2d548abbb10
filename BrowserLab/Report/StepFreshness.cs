using System.Globalization;
using Lab.Logs;
using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.Join;

namespace Lab.BrowserLab.Report;

/// <summary>
/// Whether each step started as fresh as the seed's minutes apart. A step is not fresh when a socket it
/// used (first byte, or for a silent one its connect, inside the step) was opened before the step began —
/// a preconnect of an earlier step's error page, seen carrying navigation 2's request 9 s after it opened —
/// or when it carried an error-page reload that fired before any of the step's own navigations had
/// failed: a page of an earlier step, still reloading. A navigation failed when the last socket carrying
/// its request ended in the NetLog; Playwright reports the end later, by a second on a busy machine, and
/// the error page's first reload can come before that report.
/// </summary>
internal static class StepFreshness
{
    public static IReadOnlyList<StepReport> Describe(IReadOnlyList<NavigationRecord> navigations, IReadOnlyList<JoinedConnection> connections,
        DateTimeOffset start)
    {
        double Ms(DateTimeOffset t) => Math.Round((t - start).TotalMilliseconds, 1);
        var steps = navigations.GroupBy(n => n.Step).OrderBy(g => g.Key).ToList();
        var starts = steps.Select(g => Ms(g.Min(n => n.StartedAt))).ToList();
        var reports = new List<StepReport>();
        for (var i = 0; i < steps.Count; i++)
        {
            var (from, to) = (starts[i], i + 1 < steps.Count ? starts[i + 1] : double.MaxValue);
            var ownFailureMs = OwnFailureMs(steps[i].Min(n => n.Index), Ms(steps[i].Min(n => n.EndedAt)), connections);
            var fresh = true;
            var lines = new List<string>();
            foreach (var c in UsedDuring(from, to, connections))
            {
                var openedBefore = c.ConnectMs < from;
                // The first step has no earlier page to reload.
                var foreignReload = i > 0 && RequestKind.IsErrorPageReload(c.Request) && c.FirstByteMs < ownFailureMs;
                fresh &= !openedBefore && !foreignReload;
                var opener = c.Opener == "preconnect" ? $"preconnect({c.OpenerNumSockets})" : c.Opener;
                var line = $"{(c.PortId is { } p ? LogContract.FormatPort(p) : $"port {c.ClientPort}")} {c.Role}"
                           + (c.Request is null or RequestKind.Navigation ? "" : $" [{c.Request}]")
                           + $", opened by {opener} at {Signed(c.ConnectMs - from)} ms";
                if (openedBefore)
                    line += $" — opened before this step, in step {StepAt(starts, c.ConnectMs ?? 0)}";
                if (foreignReload)
                    line += " — an error-page reload fired before this step's own navigation failed: a page of an earlier step";
                lines.Add(line);
            }
            reports.Add(new StepReport(steps[i].Key, from, fresh, lines));
        }
        return reports;
    }

    /// <summary>When the step's first navigation failed in the browser: its request's last socket ended
    /// (NetLog), or Playwright's report when the NetLog has none.</summary>
    private static double OwnFailureMs(int navigation, double reportedEndMs, IEnumerable<JoinedConnection> connections)
    {
        var attempts = connections.Where(c => c.Navigation == navigation && c.Request == RequestKind.Navigation
                                              && c.Role is ConnectionRole.Original or ConnectionRole.Retry && c.BrowserClosedMs is not null).ToList();
        return attempts.Count == 0 ? reportedEndMs : Math.Min(reportedEndMs, attempts.Max(c => c.BrowserClosedMs!.Value));
    }

    /// <summary>The connections used between two times (first byte, or connect for a socket that sent
    /// nothing), in connect order.</summary>
    public static List<JoinedConnection> UsedDuring(double fromMs, double toMs, IEnumerable<JoinedConnection> connections) =>
        connections.Where(c => (c.FirstByteMs ?? c.ConnectMs) is { } t && t >= fromMs && t < toMs).OrderBy(c => c.ConnectMs).ToList();

    private static int StepAt(List<double> starts, double ms) => Math.Max(1, starts.Count(s => s <= ms));

    private static string Signed(double? ms) =>
        ms is { } v ? (v >= 0 ? "+" : "") + v.ToString("0", CultureInfo.InvariantCulture) : "?";
}
