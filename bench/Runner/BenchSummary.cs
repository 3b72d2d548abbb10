using System.Text;
using Lab.Common.Text;

namespace Lab.Bench;

/// <summary>The bench's run as a terminal shows it: a line per metric (each server's median and the targets held
/// to it, with their verdicts), folded at the terminal's width (100 when piped). The full table, 13 columns of
/// ranges, ratios, CPU and GCs, is a document: it goes to the results' .md file, not to a terminal.</summary>
internal static class BenchSummary
{
    public static string Render(BenchReport report, string markdownPath)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Prose.Fold($"Lab bench, {report.At:yyyy-MM-dd HH:mm} UTC, commit {report.Commit}, {report.Configuration} build, {report.Cores} cores; " +
                                 $"medians of {report.Config.Repetitions} repetition(s), the full table in {markdownPath}"));
        if (report.InterruptedSentence is { } interrupted)
            sb.AppendLine(Prose.Fold($"interrupted: {interrupted}"));
        foreach (var line in report.Lines)
        {
            var medians = string.Join(", ", line.Median.Select(m => $"{m.Key} {BenchTable.F(m.Value)}"));
            var targets = line.Targets.Count == 0 ? "" : "; " + string.Join("; ", line.Targets.Select(t => $"{t.Target}: {t.Verdict}"));
            var errors = line.Errors.Values.Sum() is > 0 and var e ? $"; load errors {BenchTable.F(e)}" : "";
            sb.AppendLine(Prose.Fold($"{line.Title}, {line.Unit}: {(medians.Length == 0 ? "nothing measured" : medians)}{errors}{targets}", "", "    "));
        }
        foreach (var h in report.Http)
            sb.AppendLine(Prose.Fold($"HTTP calibration, {h.Server} {h.Mode}: probe http {BenchTable.F(h.ProbeRps)}/s, ab {BenchTable.F(h.AbRps)}/s; within ±20% of ab: {(h.Pass ? "PASS" : "MISS")}", "", "    "));
        var checks = BenchTable.Checks(report);
        sb.AppendLine($"Targets: {checks.Count(t => t.Pass)} PASS, {checks.Count(t => !t.Pass && !t.NoData)} MISS, {checks.Count(t => t.NoData)} NO DATA");
        return sb.ToString();
    }
}
