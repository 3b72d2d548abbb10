using System.Text.Json.Serialization;

namespace Lab.BrowserLab.Fit;

/// <summary><c>browser fit --json</c> and report.json's <c>notesClock</c>: the notes' timestamps against each
/// story and table, the best (null when undecided or without data) and a conclusion computed from them.</summary>
internal sealed record NotesClockFit(string Anchor, double Tolerance, ReloadLatency? Measured, IReadOnlyList<Hypothesis> Hypotheses, FitBest? Best, string Conclusion)
{
    [JsonIgnore]
    public bool NoData => Measured is null;
}
