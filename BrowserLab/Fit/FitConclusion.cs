using System.Globalization;

namespace Lab.BrowserLab.Fit;

/// <summary>The fit's one-paragraph conclusion, put together from the numbers only: what the run measured, which
/// story leads and by how much, and what the leader predicts that the notes do not record.</summary>
internal static class FitConclusion
{
    public const string NoData = "NO DATA: this run has no error-page reload, so what a reload adds beyond its delay cannot be measured " +
                                 "and nothing is predicted (run browser run --schedule once --watch-after 40s or longer, then fit that directory).";

    public static string Write(ReloadLatency measured, IReadOnlyList<Hypothesis> hypotheses, FitVerdict verdict, string? networkFinding)
    {
        var lines = hypotheses[0].Lines.Count;
        var added = measured.AddedS;
        var unseen = ReloadTable.Today.DelaysS.Skip(measured.LongestChain).Distinct().Select(Step).ToList();
        var text = $"This run measured {measured.Reloads} reload(s), each {S(added.Min())}–{S(added.Max())} s beyond its delay (median {S(measured.MedianAddedS)} s, " +
                   $"used for reloads past the {Ordinal(measured.LongestChain)}, {S(measured.LastReloadAfterS)} s after its navigation" +
                   (unseen.Count == 0 ? "). " : $"; it did not see the {Words(unseen)} step{(unseen.Count > 1 ? "s" : "")} of the back-off, which {(unseen.Count > 1 ? "are" : "is")} predicted, not measured). ");
        text += verdict.Undecided
            ? $"Undecided: {Describe(verdict.Leader, lines)} and {Describe(verdict.RunnerUp, lines)} are within 1 of each other. "
            : $"{Capitalized(Describe(verdict.Leader, lines))} fits best, against {Describe(verdict.RunnerUp, lines)}. ";
        if (verdict.Leader != verdict.Network)
            text += $"{Capitalized(Describe(verdict.Network, lines))} is judged last. ";
        var unrecorded = verdict.Leader.Unrecorded;
        var after = verdict.Leader.UnrecordedAfterLastLine;
        text += unrecorded.Count == 0
            ? $"`{verdict.Leader.Name}` predicts no connection the notes do not record."
            : $"`{verdict.Leader.Name}` ({verdict.Leader.Table}) predicts {unrecorded.Count} connection(s) the notes do not record: " +
              $"{unrecorded.Count - after} between their lines, which they may have skipped, and {after} {NotesClockFitter.AfterLastLine}" +
              (after == 0 ? "." : $" (the first at {unrecorded.First(u => u.Why.StartsWith(NotesClockFitter.AfterLastLine, StringComparison.Ordinal)).Predicted}), " +
                                  "when the notes say nothing came until 11:37: unless the tab was closed, hidden or offline by then, that is evidence against it.");
        text += networkFinding is null
            ? " This run did not take the network away, so whether a change of network makes the error page reload is not measured here (browser run --network-down-after measures it)."
            : $" This run took the network away and gave it back: {networkFinding}.";
        return text;
    }

    private static string Describe(Hypothesis h, int lines) =>
        $"`{h.Name}` with {(h.Table == ReloadTable.Today.Name ? "today's" : "2014's")} table (explains {h.Explained} of {lines} lines with {h.FreeParameters} free parameter(s): score {h.Score})";

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };

    private static string Words(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static string Step(double delayS) => delayS >= 60 ? $"{delayS / 60:0} min" : $"{delayS:0} s";

    private static string S(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);
}
