namespace Lab.BrowserLab.Fit;

/// <summary>
/// Which story fits: each story at its better table (higher score, then fewer connections predicted where the
/// notes say none came, then today's table); <c>visits</c> against <c>reloads</c>, undecided when their scores
/// are within 1; <c>network</c>, with a parameter fitted per burst, is judged last: it is best only when it beats
/// both by more than 1.
/// </summary>
internal sealed record FitVerdict(FitBest? Best, Hypothesis Leader, Hypothesis RunnerUp, Hypothesis Network, bool Undecided)
{
    public static FitVerdict Judge(IReadOnlyList<Hypothesis> hypotheses)
    {
        Hypothesis StoryBest(string name) => hypotheses.Where(h => h.Name == name)
            .OrderByDescending(h => h.Score).ThenBy(h => h.UnrecordedAfterLastLine).ThenBy(h => h.Table == ReloadTable.Today.Name ? 0 : 1).First();
        var pair = new[] { StoryBest(NotesClockFitter.Visits), StoryBest(NotesClockFitter.Reloads) }
            .OrderByDescending(h => h.Score).ThenBy(h => h.UnrecordedAfterLastLine).ToList();
        var network = StoryBest(NotesClockFitter.Network);
        if (network.Score > pair[0].Score + 1)
            return new FitVerdict(new FitBest(network.Name, network.Table), network, pair[0], network, false);
        var undecided = pair[0].Score - pair[1].Score <= 1;
        return new FitVerdict(undecided ? null : new FitBest(pair[0].Name, pair[0].Table), pair[0], pair[1], network, undecided);
    }
}
