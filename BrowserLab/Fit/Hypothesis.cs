using System.Text.Json.Serialization;

namespace Lab.BrowserLab.Fit;

/// <summary>One story with one back-off table (an entry of <c>fit --json</c>'s <c>hypotheses</c>): its free
/// parameters (each fitted to a notes line), every line's fit, the connections it predicts that the notes do not
/// record, and its score = lines explained − free parameters.</summary>
internal sealed record Hypothesis(
    string Name, string Table, int FreeParameters, IReadOnlyList<string> Parameters, IReadOnlyList<FitLine> Lines,
    IReadOnlyList<UnrecordedConnection> Unrecorded, int Explained, int Score)
{
    /// <summary>Unrecorded connections after the notes' last line, where the notes say the browser was quiet.</summary>
    [JsonIgnore]
    public int UnrecordedAfterLastLine => Unrecorded.Count(u => u.Why.StartsWith(NotesClockFitter.AfterLastLine, StringComparison.Ordinal));
}
