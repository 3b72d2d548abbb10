using System.CommandLine;
using Lab.BrowserLab.Experiment;
using Lab.BrowserLab.Matrix;
using Lab.BrowserLab.Report;
using Lab.Common.Cli;

namespace Lab.BrowserLab.Cli;

/// <summary><c>BrowserLab matrix</c>: every policy × trial side by side (matrix.md, matrix.json).</summary>
internal static class MatrixCommand
{
    private static readonly Option<string> ScheduleOption = new("--schedule")
    { Description = "Schedule of each run (seed, once, or a list like 1,2,1).", DefaultValueFactory = _ => "once" };
    private static readonly Option<bool> Json = JsonOption.Create("Print matrix.json's content on stdout and nothing else.");

    public static Command Create()
    {
        var command = new Command("matrix", "Run each policy × trial and compare connections per navigation, retries, unused preconnects and browser errors.")
        {
            SharedOptions.Policies, SharedOptions.Trials, ScheduleOption, RunCommand.Pause, RunCommand.Out, RunCommand.IdleTimeout, RunCommand.NewPage, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var policies = SharedOptions.PoliciesOf(parse);
        var trials = SharedOptions.TrialsOf(parse);
        var outDir = SharedOptions.OutputDirectory(parse.GetValue(RunCommand.Out), "matrix");
        var template = new ExperimentOptions
        {
            Schedule = Schedule.Parse(parse.GetValue(ScheduleOption)!),
            Pause = RunCommand.Pause.ValueIn(parse) ?? TimeSpan.Zero,
            OutputDirectory = outDir,
            IdleTimeout = RunCommand.IdleTimeout.ValueIn(parse),
            NewPagePerNavigation = parse.GetValue(RunCommand.NewPage),
        };

        var started = DateTime.UtcNow;
        var rows = await new PolicyMatrix(policies, trials, template,
            line => Console.Error.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,6:0.0}s] {line}")).RunAsync(cancel);
        var interrupted = cancel.IsCancellationRequested;
        var markdown = (interrupted ? $"**Interrupted:** the rows cover the runs that ended before the signal ({rows.Sum(r => r.Trials)} of {policies.Count * trials}).\n\n" : "")
                       + PolicyMatrix.Markdown(rows);
        var json = ReportJson.Serialize(new { schedule = template.Schedule.Name, trials, policies = rows, interrupted });
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "matrix.md"), $"# Policy matrix\n\n![policy matrix]({MatrixChart.File})\n\n" + markdown);
        File.WriteAllText(Path.Combine(outDir, "matrix.json"), json);
        MatrixChart.Save(rows, Path.Combine(outDir, MatrixChart.File));
        Console.Out.WriteLine(parse.GetValue(Json) ? json : markdown + $"\nreport: {Path.GetFullPath(Path.Combine(outDir, "matrix.md"))}");
        return ExitCodes.Ok;
    }
}
