using Lab.Common.Text;
using System.Globalization;
using System.Text;

namespace Lab.BrowserLab.Fit;

/// <summary><c>browser fit</c>'s text: every notes line against the six hypotheses (residual in seconds, ✓ within
/// the tolerance), one row per hypothesis with its score, then the conclusion: the table within 120 columns, the prose
/// folded at 100 (the text is fit.txt's too, so it does not follow the terminal's width).</summary>
internal static class FitText
{
    public const int Width = Lab.Common.Cli.Terminal.RedirectedProseWidth;
    private const int Cell = 14;

    public static string Render(NotesClockFit fit)
    {
        var text = new StringBuilder();
        text.AppendLine($"The notes' clock: anchored at {fit.Anchor} (the first init ok); explained = |residual| ≤ {S(fit.Tolerance)} s");
        if (fit.NoData)
        {
            text.AppendLine(Wrap(fit.Conclusion));
            return text.ToString();
        }
        var hs = fit.Hypotheses;
        text.AppendLine();
        text.AppendLine($"{"notes line",-14} {"kind",-9}" + string.Concat(hs.Select(h => Pad($"{h.Name}/{h.Table}"))).TrimEnd());
        for (var i = 0; i < hs[0].Lines.Count; i++)
        {
            var line = hs[0].Lines[i];
            text.AppendLine($"{line.NotesTime,-14} {line.Kind,-9}" + string.Concat(hs.Select(h => Pad(Residual(h.Lines[i])))).TrimEnd());
        }
        text.AppendLine();
        // The label spans the two first columns (14 + 1 + 9): the cells start where the residuals do, after a space.
        text.AppendLine($"{"score: explained − free",-24}" + string.Concat(hs.Select(h => Pad(ScoreCell(h)))).TrimEnd());
        text.AppendLine($"{"unrecorded (late)",-24}" + string.Concat(hs.Select(h => Pad(UnrecordedCell(h)))).TrimEnd());
        text.AppendLine();
        for (var i = 0; i < hs[0].Lines.Count; i++)
            text.AppendLine($"{hs[0].Lines[i].NotesTime}  {hs[0].Lines[i].Notes}");
        foreach (var h in hs.Where(h => h.FreeParameters > 0))
            text.AppendLine(Wrap($"{h.Name}/{h.Table} fitted: {string.Join("; ", h.Parameters)}"));
        text.AppendLine(Wrap($"unrecorded: connections a hypothesis predicts before 11:37 that no line records; late = {NotesClockFitter.AfterLastLine}, " +
                             "when the notes say none came"));
        text.AppendLine();
        text.AppendLine(BestLine(fit));
        text.AppendLine(Wrap(fit.Conclusion));
        return text.ToString();
    }

    /// <summary>A line's cell: the residual in seconds, ✓ when explained, <c>none</c> when nothing of its kind is predicted.</summary>
    public static string Residual(FitLine line) =>
        line.ResidualS is not { } r ? "none" : $"{(r >= 0 ? "+" : "−")}{Math.Abs(r).ToString(Math.Abs(r) >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture)}{(line.Explained ? " ✓" : "")}";

    public static string ScoreCell(Hypothesis h) => $"{h.Explained} − {h.FreeParameters} = {h.Score}";

    public static string UnrecordedCell(Hypothesis h) => $"{h.Unrecorded.Count} ({h.UnrecordedAfterLastLine})";

    public static string BestLine(NotesClockFit fit) => "best: " + (fit.Best is { } b ? $"{b.Name} ({b.Table})" : fit.NoData ? "NO DATA" : "undecided");

    private static string Pad(string s) => s.Length >= Cell ? s[..(Cell - 1)] + " " : s.PadRight(Cell);

    /// <summary>Words folded at <see cref="Width"/> columns.</summary>
    public static string Wrap(string paragraph) => WordWrap.Fold(paragraph, Width);

    private static string S(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);
}
