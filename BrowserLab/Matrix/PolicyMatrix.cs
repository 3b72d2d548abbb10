using System.Text;
using Lab.BrowserLab.Experiment;
using Lab.Common.Cli;
using Lab.BrowserLab.Report;
using Lab.Gateway.Connections;

namespace Lab.BrowserLab.Matrix;

/// <summary>
/// Runs the experiment for each policy × trial and puts the policies side by side: the answer to
/// "why does the browser come back, and which rejection stops it".
/// </summary>
internal sealed class PolicyMatrix(IReadOnlyList<RejectPolicy> policies, int trials, ExperimentOptions template, Action<string> progress)
{
    /// <param name="interrupt">Ctrl+C: the run under way is cut short and left out of the rows (its own report is
    /// still written, marked interrupted), no other starts.</param>
    public async Task<IReadOnlyList<MatrixRow>> RunAsync(CancellationToken interrupt = default)
    {
        var rows = new List<MatrixRow>();
        var total = policies.Count * trials;
        var done = 0;
        foreach (var policy in policies.TakeWhile(_ => !interrupt.IsCancellationRequested))
        {
            var reports = new List<(ExperimentReport Report, string Dir)>();
            for (var trial = 1; trial <= trials && !interrupt.IsCancellationRequested; trial++)
            {
                var name = RejectPolicyNames.Of(policy);
                var dir = Path.Combine(template.OutputDirectory, $"{name}-{trial}");
                progress($"[{++done}/{total}] policy {name}, trial {trial}");
                var options = template with { Policy = policy, OutputDirectory = dir };
                ExperimentReport report;
                try
                {
                    report = await new RetryExperiment(options, line => progress("    " + line)).RunAsync(interrupt);
                }
                catch (Exception e) when (interrupt.IsCancellationRequested && e is not UsageException)
                {
                    // Cut before it had a navigation to report: the runs before it are still the matrix's.
                    progress($"[{done}/{total}] left out of the matrix: the signal came before it had a result ({e.Message})");
                    break;
                }
                ReportFiles.Write(report, Path.GetFullPath(dir));
                if (report.Interrupted)
                    progress($"[{done}/{total}] left out of the matrix: the signal came during it (its report: {dir})");
                else
                    reports.Add((report, Path.Combine(Path.GetFullPath(dir), ReportFiles.Json)));
            }
            if (reports.Count > 0)
                rows.Add(Summarize(RejectPolicyNames.Of(policy), reports));
        }
        return rows;
    }

    private static MatrixRow Summarize(string policy, List<(ExperimentReport Report, string Dir)> runs)
    {
        var perNavigation = runs.SelectMany(r => r.Report.Summary.ConnectionsPerNavigation).Select(n => (double)n).ToList();
        var errors = runs.SelectMany(r => r.Report.Summary.NavigationOutcomes.Concat(r.Report.Summary.RetryErrors.Keys))
            .Distinct().Order().ToList();
        return new MatrixRow(policy, runs.Count, Spread.Of(perNavigation),
            Spread.Of(runs.Select(r => (double)r.Report.Summary.Retries).ToList()),
            Spread.Of(runs.Select(r => (double)r.Report.Summary.UnusedPreconnects).ToList()),
            errors, runs.Select(r => r.Dir).ToList());
    }

    public static string Markdown(IReadOnlyList<MatrixRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| policy | trials | connections per navigation | retries | unused preconnects | browser errors / outcomes |");
        sb.AppendLine("|---|---:|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Policy} | {r.Trials} | {r.ConnectionsPerNavigation} | {r.Retries} | {r.UnusedPreconnects} | {string.Join(", ", r.BrowserErrors)} |");
        sb.AppendLine();
        sb.AppendLine("Each cell: median (min–max) over the trials; connections per navigation over every navigation of every trial.");
        return sb.ToString();
    }
}
