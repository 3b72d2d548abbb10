using Lab.BrowserLab.Fit;
using Lab.BrowserLab.Report.Document;

namespace Lab.BrowserLab.Report;

/// <summary>"The notes' clock" in report.md and report.html: the same comparison as <c>browser fit</c> on this
/// run's directory, so the report never assumes which story the notes tell.</summary>
internal static class NotesClockSection
{
    public const string Id = "notes-clock";

    /// <summary>The table's first story column: after the notes line and its kind.</summary>
    public const int FirstStoryColumn = 2;

    /// <summary>The repository's record of one visit watched for the notes' whole span (11:03:34 → 11:37).</summary>
    public const string WholeSpanRun = "BrowserLab/results/20261204-once-35m";

    public static IEnumerable<ReportBlock> Blocks(NotesClockFit fit)
    {
        yield return new Heading(2, "The notes' clock");
        yield return new Paragraph($"The notes' timestamps on their own clock (anchored at {fit.Anchor}, the first init ok) against three stories — " +
                                   "`visits`: three typed visits, the later two fitted to their lines; `reloads`: one visit, every later connection a resend or " +
                                   "the error page reloading itself; `network`: as reloads, plus a reload when the network came back, fitted per unexplained burst " +
                                   "(judged last) — each predicted with Chromium's back-off table of today and of 2014 and with what this run's reloads took. " +
                                   $"A cell is the predicted time minus the notes' (s), ✓ within {fit.Tolerance:0.###} s. The same as `./lab browser fit` on this directory. " +
                                   $"One visit watched for the notes' whole span (35 minutes) is kept in the repository: `{WholeSpanRun}/` (report.md, fit.txt).");
        if (fit.NoData)
        {
            yield return new Paragraph(fit.Conclusion);
            yield break;
        }
        var hs = fit.Hypotheses;
        var rows = hs[0].Lines.Select((line, i) => (IReadOnlyList<string>)[$"{line.NotesTime} {line.Notes}", line.Kind, .. hs.Select(h => FitText.Residual(h.Lines[i])),
            Explorer.ExplorerLinks.Cell(hs.Select(h => h.Lines[i].Connection))]).ToList();
        rows.Add(["explained − free parameters = score", "", .. hs.Select(FitText.ScoreCell), ""]);
        rows.Add(["unrecorded connections (after the last line)", "", .. hs.Select(FitText.UnrecordedCell), ""]);
        // The last column: the run's connections whose measured accept or request the stories' predictions repeat.
        yield return new Table(Id, ["notes", "kind", .. hs.Select(h => $"{h.Name}/{h.Table}"), "predicted from"], rows);
        yield return new Paragraph($"{FitText.BestLine(fit)}. {fit.Conclusion}");
    }
}
