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
            bursts.AddRange(Bursts(n.Index, mine));
        }

        var (from, to) = Extent(lanes, navigations);
        return new ExplorerModel(lanes, navigations, bursts, from, to) { Links = ExplorerLinks.For(report) };
    }

    /// <summary>A navigation's lanes (in order of their first mark) cut where one starts more than <see cref="BurstGapMs"/>
    /// after the one before.</summary>
    public static IEnumerable<ExplorerSpan> Bursts(int navigation, IReadOnlyList<ExplorerLane> lanes)
    {
        var burst = new List<ExplorerLane>();
        var number = 0;
        foreach (var lane in lanes)
        {
            if (burst.Count > 0 && lane.Extent!.Value.From - burst[^1].Extent!.Value.From > BurstGapMs)
            {
                yield return Burst(navigation, ++number, burst);
                burst = [];
            }
            burst.Add(lane);
        }
        if (burst.Count > 0)
            yield return Burst(navigation, ++number, burst);
    }

    /// <summary>The whole of a model's lanes and spans, from 0 or the earliest mark to the latest.</summary>
    public static (double From, double To) Extent(IReadOnlyList<ExplorerLane> lanes, IReadOnlyList<ExplorerSpan> spans)
    {
        var extents = lanes.Select(l => l.Extent).OfType<(double From, double To)>().ToList();
        var from = Math.Min(0, extents.Count == 0 ? 0 : extents.Min(e => e.From));
        var to = new[] { extents.Count == 0 ? 0 : extents.Max(e => e.To), spans.Count == 0 ? 0 : spans.Max(n => n.To), 1 }.Max();
        return (from, to);
    }

    private static ExplorerSpan Burst(int navigation, int number, List<ExplorerLane> lanes) =>
        new($"burst-{navigation}-{number}", $"burst {navigation}.{number}", lanes.Min(l => l.Extent!.Value.From), lanes.Min(l => l.Extent!.Value.From), lanes.Max(l => l.Extent!.Value.To),
            lanes.Select(l => l.Key).ToList());
}
