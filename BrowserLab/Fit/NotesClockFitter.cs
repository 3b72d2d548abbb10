using Lab.BrowserLab.Join;

namespace Lab.BrowserLab.Fit;

/// <summary>
/// <c>browser fit</c>: the notes' timestamps against three stories, each predicted with both back-off tables
/// and this run's measured reloads — <c>visits</c> (three typed visits, the later two fitted to their lines),
/// <c>reloads</c> (one visit, every later connection a resend or a reload; nothing fitted) and <c>network</c>
/// (as reloads, plus a reload when the network came back, fitted per unexplained burst). Every number and the
/// conclusion are computed here from the run; a run without a reload is NO DATA.
/// </summary>
internal static class NotesClockFitter
{
    public const string Visits = "visits", Reloads = "reloads", Network = "network";

    /// <summary><c>--tolerance</c>'s default, and the run report's.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(2);

    /// <summary>How an unrecorded connection after the notes' last line is named: evidence against the story.</summary>
    public static readonly string AfterLastLine = $"after {FieldNotesClock.Format(FieldNotesClock.LastLineS)}";

    /// <summary>Unexplained lines closer than this to a fitted network change belong to its burst (no new parameter).</summary>
    private const double BurstS = 10;

    /// <param name="networkFinding">What this run measured when its network went away and came back (its
    /// report's networkChange finding), or null when it did not take the network away.</param>
    public static NotesClockFit Fit(IReadOnlyList<JoinedConnection> connections, TimeSpan tolerance, string? networkFinding = null)
    {
        var toleranceS = tolerance.TotalSeconds;
        var anchor = FieldNotesClock.Format(0);
        if (MeasuredReloads.From(connections) is not { } measured)
            return new NotesClockFit(anchor, toleranceS, null, [], null, FitConclusion.NoData);
        var hypotheses = new List<Hypothesis>();
        foreach (var story in new[] { Visits, Reloads, Network })
            foreach (var table in ReloadTable.All)
                hypotheses.Add(Predict(story, table, measured, toleranceS));
        var latency = new ReloadLatency(measured.Reloads, measured.AddedS.Select(Round).ToList(), Round(measured.MedianAddedS),
            Round(measured.LastReloadAfterS), measured.LongestChain);
        var verdict = FitVerdict.Judge(hypotheses);
        return new NotesClockFit(anchor, toleranceS, latency, hypotheses, verdict.Best, FitConclusion.Write(latency, hypotheses, verdict, networkFinding));
    }

    private static Hypothesis Predict(string story, ReloadTable table, MeasuredReloads measured, double toleranceS)
    {
        var lines = FieldNotesClock.Lines;
        var end = FieldNotesClock.QuietUntilS;
        var visit = new PredictedLoad("visit", 0, 0, measured.NavigationShape);
        switch (story)
        {
            case Visits:
            {
                double second = lines[4].AtS, third = lines[6].AtS;
                var loads = ReloadChain.From(visit with { Label = "visit 1" }, "visit 1 ", table, measured, second)
                    .Concat(ReloadChain.From(visit with { Label = "visit 2", StartS = second }, "visit 2 ", table, measured, third))
                    .Concat(ReloadChain.From(visit with { Label = "visit 3", StartS = third }, "visit 3 ", table, measured, end)).ToList();
                return Score(story, table, loads, [$"visit 2 at {FieldNotesClock.Format(second)}", $"visit 3 at {FieldNotesClock.Format(third)}"], toleranceS);
            }
            case Reloads:
                return Score(story, table, ReloadChain.From(visit, "", table, measured, end), [], toleranceS);
            default:
                return NetworkStory(table, measured, visit, toleranceS);
        }
    }

    /// <summary>One unexplained burst at a time, earliest first: the network dropped after the last load that
    /// explained a line before it (so the reloads due meanwhile never came) and came back at the burst's first
    /// line, where the reloader reloads; then the back-off runs on as the table's code did (2014 restarted it).</summary>
    private static Hypothesis NetworkStory(ReloadTable table, MeasuredReloads measured, PredictedLoad visit, double toleranceS)
    {
        var lines = FieldNotesClock.Lines;
        var end = FieldNotesClock.QuietUntilS;
        var loads = ReloadChain.From(visit, "", table, measured, end);
        var parameters = new List<string>();
        var lastChange = double.NegativeInfinity;
        for (var guard = 0; guard < lines.Count; guard++)
        {
            var (matches, _) = LineMatcher.Match(lines, Events(loads), toleranceS);
            var open = matches.Where(m => !m.Explained && m.Line.AtS > lastChange + BurstS).MinBy(m => m.Line.AtS);
            if (open is null)
                break;
            var back = open.Line.AtS;
            var explaining = matches.Where(m => m.Explained && m.Event!.AtS < back).Select(m => m.Event!.Load).ToHashSet();
            var kept = loads.Take(loads.FindLastIndex(l => l.StartS < back && explaining.Contains(l)) + 1).ToList();
            var soFar = kept.Count > 0 ? kept[^1].ReloadsSoFar : 0;
            var change = new PredictedLoad($"network back at {FieldNotesClock.Format(back)}", back, table.NetworkResetsCount ? 1 : soFar + 1,
                measured.LateReloadShape);
            loads = [.. kept, .. ReloadChain.From(change, "network ", table, measured, end)];
            parameters.Add($"network back at {FieldNotesClock.Format(back)}");
            lastChange = back;
        }
        return Score(Network, table, loads, parameters, toleranceS);
    }

    private static Hypothesis Score(string story, ReloadTable table, IReadOnlyList<PredictedLoad> loads, IReadOnlyList<string> parameters, double toleranceS)
    {
        var (matches, unmatched) = LineMatcher.Match(FieldNotesClock.Lines, Events(loads), toleranceS);
        var lines = matches.Select(m => new FitLine(m.Line.Text, FieldNotesClock.Format(m.Line.AtS), KindName(m.Line.Kind),
            m.Event is null ? null : FieldNotesClock.Format(m.Event.AtS), m.ResidualS is { } r ? Round(r) : null, m.Explained, m.Event?.Load.Label, m.Event?.MeasuredOn)).ToList();
        var unrecorded = unmatched.Where(e => e.Kind == NotesEvent.Accepted).OrderBy(e => e.AtS)
            .Select(e => new UnrecordedConnection(FieldNotesClock.Format(e.AtS),
                e.AtS > FieldNotesClock.LastLineS
                    ? $"{AfterLastLine}, when the notes say the browser opened nothing until 11:37: evidence against"
                    : "between the notes' lines: they may have skipped it",
                e.Load.Label)).ToList();
        var explained = matches.Count(m => m.Explained);
        return new Hypothesis(story, table.Name, parameters.Count, parameters, lines, unrecorded, explained, explained - parameters.Count);
    }

    private static List<PredictedEvent> Events(IEnumerable<PredictedLoad> loads) =>
        loads.SelectMany(l => l.Events).Where(e => e.AtS <= FieldNotesClock.QuietUntilS).ToList();

    public static string KindName(NotesEvent kind) => kind == NotesEvent.Accepted ? "accepted" : "request";

    private static double Round(double s) => Math.Round(s, 3);
}
