using Lab.Logs;

namespace Lab.BrowserLab.Report.Explorer;

/// <summary>
/// Builds <see cref="ExplorerModel"/> from report.json's own figures, so what the page shows is what the report
/// says. A burst is a run of a navigation's connections, in order of their first mark, each starting within
/// <see cref="BurstGapMs"/> of the one before: Chromium's preconnect, its request and its resends land within
/// tens of milliseconds, the next auto-reload seconds later.
/// </summary>
internal static class ExplorerModelBuilder
{
    public const double BurstGapMs = 250;

    public static ExplorerModel Build(ExperimentReport report)
    {
        var lanes = report.Connections.Select((c, i) => new ExplorerLane
        {
            Key = i,
            Port = c.PortId is { } p ? LogContract.FormatPort(p) : "(no gateway record)",
            ClientPort = c.ClientPort,
            Role = c.Role,
            Opener = c.Opener,
            Navigation = c.Navigation,
            Request = c.Request,
            Connect = c.ConnectMs,
            FirstByte = c.FirstByteMs,
            HeadError = c.GatewayHeadErrorMs,
            Close = c.CloseMs,
            GatewayInit = c.GatewayInitMs,
            BrowserClosed = c.BrowserClosedMs,
            BytesIn = c.BytesIn,
            BytesOut = c.BytesOut,
            Head = c.HeadAscii,
            CloseKind = c.CloseKind,
            ClosedBy = c.ClosedBy,
            Reason = c.Reason,
            BrowserError = c.BrowserError,
            NetLogCloseReason = c.NetLogCloseReason,
        }).ToList();

        var navigations = new List<ExplorerSpan>();
        var bursts = new List<ExplorerSpan>();
        foreach (var n in report.Navigations)
        {
            var start = (n.StartedAt - report.StartedAt).TotalMilliseconds;
            var mine = lanes.Where(l => l.Navigation == n.Index && l.Extent is not null).OrderBy(l => l.Extent!.Value.From).ToList();
            var end = Math.Max((n.EndedAt - report.StartedAt).TotalMilliseconds, mine.Count == 0 ? start : mine.Max(l => l.Extent!.Value.To));
            navigations.Add(new ExplorerSpan($"nav-{n.Index}", $"navigation {n.Index}", start, Math.Min(start, mine.Count == 0 ? start : mine.Min(l => l.Extent!.Value.From)), end,
                mine.Select(l => l.Key).ToList()));
            var burst = new List<ExplorerLane>();
            foreach (var lane in mine)
            {
                if (burst.Count > 0 && lane.Extent!.Value.From - burst[^1].Extent!.Value.From > BurstGapMs)
                {
                    bursts.Add(Burst(n.Index, bursts.Count(b => b.Id.StartsWith($"burst-{n.Index}-", StringComparison.Ordinal)) + 1, burst));
                    burst = [];
                }
                burst.Add(lane);
            }
            if (burst.Count > 0)
                bursts.Add(Burst(n.Index, bursts.Count(b => b.Id.StartsWith($"burst-{n.Index}-", StringComparison.Ordinal)) + 1, burst));
        }

        var extents = lanes.Select(l => l.Extent).OfType<(double From, double To)>().ToList();
        var from = Math.Min(0, extents.Count == 0 ? 0 : extents.Min(e => e.From));
        var to = new[] { extents.Count == 0 ? 0 : extents.Max(e => e.To), navigations.Count == 0 ? 0 : navigations.Max(n => n.To), 1 }.Max();
        return new ExplorerModel(lanes, navigations, bursts, from, to);
    }

    private static ExplorerSpan Burst(int navigation, int number, List<ExplorerLane> lanes) =>
        new($"burst-{navigation}-{number}", $"burst {navigation}.{number}", lanes.Min(l => l.Extent!.Value.From), lanes.Min(l => l.Extent!.Value.From), lanes.Max(l => l.Extent!.Value.To),
            lanes.Select(l => l.Key).ToList());
}
