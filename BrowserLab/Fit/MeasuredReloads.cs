using Lab.BrowserLab.Join;

namespace Lab.BrowserLab.Fit;

/// <summary>
/// What a run measured of its error page's reloads: each load's shape (which connections and requests, at
/// what offsets) and what every reload added beyond its delay in Chromium's current table (the failed load,
/// the resend, the timer's start). The predictions take these, never a constant; a reload the run did not
/// see is predicted with the median of the ones it did.
/// </summary>
internal sealed class MeasuredReloads
{
    private MeasuredReloads(IReadOnlyList<IReadOnlyList<RunLoad>> chains) => Chains = chains;

    /// <summary>One chain per navigation: the navigation's load, then its error page's reloads.</summary>
    public IReadOnlyList<IReadOnlyList<RunLoad>> Chains { get; }

    /// <summary>Every measured reload's added time, in chain order: gap to the previous load minus today's delay.</summary>
    public IReadOnlyList<double> AddedS => Chains.SelectMany(c => c.Skip(1).Where(Timed).Select(l => Added(c, l.Index))).ToList();

    /// <summary>Reloads whose gap measures their delay: not one a network change restarted (its delay counts from the change).</summary>
    public int Reloads => Chains.Sum(c => c.Skip(1).Count(Timed));

    /// <summary>The longest chain's last reload, in seconds after its navigation.</summary>
    public double LastReloadAfterS => Chains.Max(c => c[^1].StartS - c[0].StartS);

    /// <summary>The most reloads any one chain saw: reloads past it are extrapolated.</summary>
    public int LongestChain => Chains.Max(c => c.Count - 1);

    public double MedianAddedS => Median(AddedS);

    public IReadOnlyList<LoadEvent> NavigationShape => Chains[0][0].Events;

    /// <summary>A reload after a long wait (the shape of the latest reload measured): what a network coming back
    /// would start, its idle sockets gone.</summary>
    public IReadOnlyList<LoadEvent> LateReloadShape => Chains.MaxBy(c => c.Count)![^1].Events;

    /// <summary>What reload <paramref name="index"/> (1-based, as in a chain) adds: the median over the chains
    /// that measured it, else over every measured reload.</summary>
    public double AddedFor(int index)
    {
        var measured = Chains.Where(c => c.Count > index && Timed(c[index])).Select(c => Added(c, index)).ToList();
        return measured.Count > 0 ? Median(measured) : MedianAddedS;
    }

    /// <summary>Reload <paramref name="index"/>'s shape from the first chain that has it, else the latest reload's.</summary>
    public IReadOnlyList<LoadEvent> ShapeOf(int index) =>
        Chains.FirstOrDefault(c => c.Count > index) is { } chain ? chain[index].Events : LateReloadShape;

    /// <summary>The loads of a run's joined connections; null when no error page reloaded (nothing to measure).
    /// A load is its requests (the first attempt and its resends); a connection's accept belongs to the load
    /// under way when it was accepted, whichever load its request served — a socket preconnected during one
    /// load may carry the next one's request a second later (the notes' 11:03:34.567 and 35.597).</summary>
    public static MeasuredReloads? From(IReadOnlyList<JoinedConnection> connections)
    {
        var seen = connections.Where(c => c.PortId is not null && AcceptS(c) is not null).ToList();
        var requests = new List<(int Chain, string Kind, double FirstS, List<(double AtS, long PortId)> RequestsS)>();
        var chain = -1;
        foreach (var c in seen.Where(c => RequestS(c) is not null && c.Request is RequestKind.Navigation || RequestKind.IsErrorPageReload(c.Request)).OrderBy(RequestS))
        {
            if (c.Request == RequestKind.Navigation && c.Role != ConnectionRole.Retry)
                chain++;
            if (chain < 0)
                continue; // a reload before any navigation: not this experiment's
            if (c.Role == ConnectionRole.Retry && requests.Count > 0)
                requests[^1].RequestsS.Add((RequestS(c)!.Value, c.PortId!.Value));
            else
                requests.Add((chain, c.Request!, RequestS(c)!.Value, [(RequestS(c)!.Value, c.PortId!.Value)]));
        }
        if (requests.Count == 0)
            return null;
        var accepts = requests.Select(_ => new List<(double AtS, long PortId)>()).ToList();
        foreach (var c in seen)
        {
            var at = AcceptS(c)!.Value;
            var owner = requests.FindLastIndex(r => r.FirstS <= at + OpenedForItS);
            accepts[Math.Max(0, owner)].Add((at, c.PortId!.Value));
        }
        var loads = requests.Select((r, i) => (r.Chain, r.Kind,
            Events: accepts[i].Select(a => (NotesEvent.Accepted, a.AtS, a.PortId)).Concat(r.RequestsS.Select(q => (NotesEvent.Request, q.AtS, q.PortId))).ToList()));
        var chains = loads.GroupBy(l => l.Chain).Select(g => (IReadOnlyList<RunLoad>)g.Select((l, i) => Load(g.Key, i, l.Kind, l.Events)).ToList()).ToList();
        var measured = new MeasuredReloads(chains);
        return measured.Reloads > 0 ? measured : null;
    }

    /// <summary>A connection accepted this long before a load's first request was opened for it (a reload's own
    /// preconnect comes 10–25 ms ahead of its request); loads are at least a second apart in today's table.</summary>
    private const double OpenedForItS = 0.25;

    private static RunLoad Load(int chain, int index, string kind, List<(NotesEvent Kind, double AtS, long PortId)> events)
    {
        var start = events.Min(e => e.AtS);
        return new RunLoad(chain, index, kind, start, events.Select(e => new LoadEvent(e.Kind, e.AtS - start, e.PortId)).OrderBy(e => e.OffsetS).ToList());
    }

    private static bool Timed(RunLoad load) => load.Kind == RequestKind.AutoReload;

    private static double Added(IReadOnlyList<RunLoad> chain, int index) =>
        chain[index].StartS - chain[index - 1].StartS - ReloadTable.Today.Delay(index - 1);

    /// <summary>The gateway's own times, as the notes' are: its init ok and its head_error.</summary>
    private static double? AcceptS(JoinedConnection c) => (c.GatewayInitMs ?? c.ConnectMs) / 1000;

    private static double? RequestS(JoinedConnection c) => c.BytesIn > 0 ? (c.GatewayHeadErrorMs ?? c.FirstByteMs) / 1000 : null;

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
