using System.Globalization;
using Lab.BrowserLab.Fit;
using Lab.BrowserLab.Join;
using Lab.BrowserLab.NetLog;

namespace Lab.BrowserLab.Report;

/// <summary>
/// report.json's <c>networkChange</c> (--network-down-after): when the link went down and up (ms since the first
/// navigation), the changes the NetLog itself recorded, each error-page reload after the link went down, and a
/// finding computed from them: whether the error page reloaded at once when the network came back, or one
/// delay of the back-off after the NetLog's last change.
/// </summary>
internal sealed record NetworkChangeReport(string Link, double DownAtMs, double UpAtMs, IReadOnlyList<NetworkChangeEvent> Changes,
    IReadOnlyList<ReloadAfterOutage> Reloads, string Finding)
{
    /// <summary>A reload this soon after the link came back is "at once" (a failed load on loopback takes milliseconds).</summary>
    private const double AtOnceMs = 1000;

    public static NetworkChangeReport? From(ReportInputs input, IReadOnlyList<JoinedConnection> connections)
    {
        if (input.NetworkOutage is not { } outage)
            return null;
        double Ms(DateTimeOffset t) => Math.Round((t - input.Start).TotalMilliseconds, 1);
        var (downMs, upMs) = (Ms(outage.Down), Ms(outage.Up));
        var changes = NetLogNetworkChange.From(input.NetLog.File).Where(c => c.At >= input.Start)
            .Select(c => new NetworkChangeEvent(c.Event, c.ConnectionType, Ms(c.At))).ToList();
        var reloads = connections
            .Where(c => RequestKind.IsErrorPageReload(c.Request) && c.Role != ConnectionRole.Retry && c.FirstByteMs > downMs)
            .OrderBy(c => c.FirstByteMs)
            .Select(c =>
            {
                var at = c.FirstByteMs!.Value;
                var last = changes.LastOrDefault(x => x.AtMs < at && x.ConnectionType != NetLogNetworkChange.None);
                return new ReloadAfterOutage(c.Request!, c.PortId, at, last is null ? null : Math.Round(at - last.AtMs, 1), at >= upMs ? Math.Round(at - upMs, 1) : null);
            }).ToList();
        var watchedAfterUpMs = input.Options.NetworkOutage is { } o ? (input.Options.WatchAfter - o.After - o.For).TotalMilliseconds : 0;
        return new NetworkChangeReport(Experiment.BrowserNamespace.Link, downMs, upMs, changes, reloads, Judge(changes, reloads, downMs, upMs, watchedAfterUpMs));
    }

    /// <param name="watchedAfterUpMs">How long the page was watched after the link came back: shorter than "at once"
    /// allows, no reload after the return proves nothing (NO DATA).</param>
    internal static string Judge(IReadOnlyList<NetworkChangeEvent> changes, IReadOnlyList<ReloadAfterOutage> reloads, double downMs, double upMs, double watchedAfterUpMs)
    {
        if (!changes.Any(c => c.AtMs >= downMs && c.ConnectionType == NetLogNetworkChange.None))
            return "NO DATA: the NetLog recorded no change to CONNECTION_NONE after the link went down: Chromium did not see the network go";
        var whileDown = reloads.Count(r => r.AtMs < upMs);
        var first = reloads.FirstOrDefault(r => r.AtMs >= upMs);
        var text = $"{whileDown} reload(s) while the network was down; ";
        if (first is null)
            return watchedAfterUpMs < AtOnceMs
                ? text + $"NO DATA: the page was watched only {S(watchedAfterUpMs)} s after the network came back, less than a reload at once would take"
                : text + $"no reload in the {S(watchedAfterUpMs)} s watched after it came back: the network story's reload at the return is not reproduced";
        var delay = ReloadTable.Today.DelaysS.MinBy(d => Math.Abs(d * 1000 - (first.AfterLastChangeMs ?? double.MaxValue)));
        return text + (first.AfterUpMs < AtOnceMs
            ? $"the first reload came at once, {S(first.AfterUpMs!.Value)} s after the network came back: the network story's reload at the return is reproduced"
            : $"the first reload after it came back came {S(first.AfterUpMs!.Value)} s later, {S(first.AfterLastChangeMs ?? 0)} s after the NetLog's last network change " +
              $"(today's table has a {delay:0} s step): a change restarts the paused timer at its delay, no reload at once — the network story's reload at the return " +
              "(2014's reset to a 0 s delay) is not reproduced");
    }

    private static string S(double ms) => (ms / 1000).ToString("0.###", CultureInfo.InvariantCulture);
}
