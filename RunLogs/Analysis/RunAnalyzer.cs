using Lab.Logs;
using Lab.Framing;

namespace Lab.Logs.Analysis;

/// <summary>
/// Explains a run from its logs: the frame port's connections (refused ones included), bursts (the
/// retry signature), silent connections with their companions (the preconnect signature), and port-id
/// gaps with what took them. A pure function of a <see cref="GatewayRun"/>.
/// </summary>
internal static class RunAnalyzer
{
    public static RunAnalysis Analyze(GatewayRun run, TimeSpan window)
    {
        var connections = run.FrameConnections.OrderBy(c => c.AcceptedAt).ThenBy(c => c.PortId).Select(View).ToList();
        var bursts = FindBursts(connections, window);
        var silent = FindSilent(connections, bursts, window);
        var gaps = PortIdGap.Find(connections.Select(c => c.PortId), run.Journal);
        var headErrors = connections.Where(c => c.HeadLength is not null).ToList();
        var origins = headErrors
            .Select(c => c.Origin!)
            .Distinct()
            .ToDictionary(o => o, o => HeaderGuess.MeaningOf(o));

        // Only when every run that started wrote its totals: one killed run would make the sum say too little.
        var comparable = run.Totals.Count > 0 && run.Totals.Count >= run.Runs.Count(r => r.NeverStarted is null);
        var summary = new AnalysisSummary
        {
            Connections = connections.Count,
            Refused = connections.Count(c => c.Refused),
            HttpEndpointConnections = run.Connections.Count(c => c.Listener == ListenerKind.Http.ToLogName()),
            HeadErrors = headErrors.Count,
            HeadErrorsByOrigin = Count(headErrors.Select(c => c.OriginDetail is null ? c.Origin! : $"{c.Origin}({c.OriginDetail})")),
            HeadErrorsByLength = Count(headErrors.Select(c => $"{c.HeadLength} ({c.HeadLengthHex})")),
            Reasons = Count(connections.Select(c => c.Reason ?? "(still open)")),
            Bursts = bursts.Count,
            Silent = silent.Count,
            ReachabilityChecks = run.Connections.Count(c => c.ClientIp == LogContract.ReachabilityCheckSource && c.BytesIn == 0),
            Gaps = gaps.Count,
            ProblemLines = run.Problems.Count,
            ProblemExamples = run.Problems.Examples,
            CutLines = run.Problems.Cut,
            AcceptedByTotals = comparable ? run.Totals.Sum(t => t.Accepted) : null,
            // Every accepted socket, of either listener, has its init ok: the logs' count of both against the totals.
            MissingConnections = comparable ? Math.Max(0, run.Totals.Sum(t => t.Accepted) - run.Connections.Count) : null,
            LogWriteFailures = run.Totals.Sum(t => t.LogWriteFailures),
            Runs = run.Runs,
            HasJournal = run.HasJournal,
            DeletedLogFiles = run.DeletedFiles,
            Source = run.Source,
        };
        var http = run.Connections.Where(c => c.Listener == ListenerKind.Http.ToLogName()).OrderBy(c => c.AcceptedAt).ThenBy(c => c.PortId).Select(View).ToList();
        return new RunAnalysis(run.Directory, connections, bursts, silent, gaps, origins, summary, http);
    }

    private static AnalyzedConnection View(GatewayConnection c)
    {
        var head = c.HeadHex is { Length: > 0 } hex && hex.Length % 2 == 0 ? Convert.FromHexString(hex) : null;
        var guess = head is not null ? HeaderGuess.Guess(head) : null;
        return new AnalyzedConnection
        {
            PortId = c.PortId,
            ClientIp = c.ClientIp,
            ClientPort = c.ClientPort,
            AcceptedAt = c.AcceptedAt,
            HeadErrorAt = c.HeadErrorAt,
            DurationMs = c.EndedAt is null ? null : c.DurationMs,
            BytesIn = c.BytesIn,
            BytesOut = c.BytesOut,
            Frames = c.Frames,
            Requests = c.HttpRequests,
            Reason = c.Reason,
            ClosedBy = c.ClosedBy,
            CloseKind = c.CloseKind,
            Refused = c.Refused,
            HeadHex = c.HeadHex,
            HeadAscii = c.HeadAscii,
            HeadLength = c.HeadLength,
            HeadLengthHex = c.HeadLengthHex,
            Origin = c.HeadLength is null ? null : guess?.Origin ?? OriginKind.Unknown.ToLogName(),
            OriginDetail = guess?.Detail,
        };
    }

    private static List<Burst> FindBursts(List<AnalyzedConnection> connections, TimeSpan window)
    {
        var bursts = new List<Burst>();
        foreach (var group in connections.Where(c => c.HeadHex is not null).GroupBy(c => (c.ClientIp, c.HeadHex)))
        {
            var chain = new List<AnalyzedConnection>();
            foreach (var c in group.OrderBy(RequestTime))
            {
                if (chain.Count > 0 && RequestTime(c) - RequestTime(chain[^1]) > window)
                    Flush();
                chain.Add(c);
            }
            Flush();

            void Flush()
            {
                if (chain.Count >= 2)
                    bursts.Add(new Burst(chain[0].ClientIp, chain[0].HeadAscii ?? chain[0].HeadHex!, chain.Select(c => c.PortId).ToList(),
                        RequestTime(chain[0]), RequestTime(chain[^1]), chain.Min(c => c.AcceptedAt)));
                chain.Clear();
            }
        }
        return bursts.OrderBy(b => b.Start).ToList();
    }

    // When the request arrived; a connection with a head but no head_error time (an old log) falls back to its accept.
    private static DateTimeOffset RequestTime(AnalyzedConnection c) => c.HeadErrorAt ?? c.AcceptedAt;

    /// <summary>A probe's reachability check: connected from the lab's own source address and sent nothing.</summary>
    private static bool IsReachabilityCheck(AnalyzedConnection c) => c.ClientIp == LogContract.ReachabilityCheckSource && c.BytesIn == 0;

    private static List<SilentConnection> FindSilent(List<AnalyzedConnection> connections, List<Burst> bursts, TimeSpan window)
    {
        var silent = new List<SilentConnection>();
        var accepted = connections.ToDictionary(c => c.PortId, c => c.AcceptedAt);
        foreach (var c in connections.Where(c => c.BytesIn == 0 && c.Reason is not null && !c.Refused && !IsReachabilityCheck(c)))
        {
            var companion = connections
                .Where(o => o.PortId != c.PortId && o.ClientIp == c.ClientIp)
                .Select(o => (o.PortId, GapMs: Math.Abs((o.AcceptedAt - c.AcceptedAt).TotalMilliseconds)))
                .Where(o => o.GapMs <= window.TotalMilliseconds)
                .OrderBy(o => o.GapMs)
                .Select(o => ((long, double)?)o)
                .FirstOrDefault();
            // The burst with a socket accepted nearest to this one: a preconnect opens its sockets together,
            // and the one that is used joins the burst whose request it carries, however much later.
            var burst = bursts
                .Where(b => b.ClientIp == c.ClientIp)
                .Select(b => (b.Start, GapMs: b.PortIds.Min(id => Math.Abs((accepted[id] - c.AcceptedAt).TotalMilliseconds))))
                .Where(b => b.GapMs <= window.TotalMilliseconds)
                .OrderBy(b => b.GapMs)
                .Select(b => ((DateTimeOffset, double)?)b)
                .FirstOrDefault();
            silent.Add(new SilentConnection(c.PortId, companion?.Item1, companion is { } x ? Math.Round(x.Item2, 1) : null,
                burst?.Item1, burst is { } y ? Math.Round(y.Item2, 1) : null));
        }
        return silent;
    }

    private static IReadOnlyDictionary<string, int> Count(IEnumerable<string> keys) =>
        new SortedDictionary<string, int>(keys.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
}
