using System.CommandLine;
using Lab.BrowserLab.Fit;
using Lab.BrowserLab.Report;
using Lab.Common.Cli;

namespace Lab.BrowserLab.Cli;

/// <summary><c>BrowserLab fit RUN_DIR</c>: which story of the field notes fits their timestamps, predicted with
/// that run's measured reloads (<see cref="NotesClockFitter"/>).</summary>
internal static class FitCommand
{
    private static readonly Argument<string> RunDirectory = new("RUN_DIR") { Description = "A directory made by browser run (it holds report.json)." };
    private static readonly DurationOption Tolerance = new("--tolerance",
        "How far a predicted time may be from a notes line and still explain it", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10))
    { DefaultValueFactory = _ => Duration.Format(NotesClockFitter.DefaultTolerance) };
    private static readonly Option<bool> Json = JsonOption.Create("Print the fit as one JSON object (anchor, tolerance, measured, hypotheses, best, conclusion) and nothing else.");

    public static Command Create()
    {
        var command = new Command("fit",
            "Compare the field notes' timestamps (11:03:34.564 … 11:10:18.629, then nothing until 11:37) with three stories — three typed visits, " +
            "one visit and the error page's reloads, reloads plus a network change — each predicted with Chromium's back-off table of today and of 2014 " +
            "and with what this run measured a reload to add. Exit 1 (NO DATA) when the run has no reload to measure.")
        {
            RunDirectory, Tolerance, Json,
        };
        command.SetAction(parse =>
        {
            var input = FitInput.Read(parse.GetValue(RunDirectory)!);
            var fit = NotesClockFitter.Fit(input.Connections, Tolerance.ValueIn(parse)!.Value, input.NetworkChange?.Finding);
            if (parse.GetValue(Json))
                Console.Out.WriteLine(ReportJson.Serialize(fit));
            else
                Console.Out.Write(FitText.Render(fit));
            return fit.NoData ? ExitCodes.MeasurementFailed : ExitCodes.Ok;
        });
        return command;
    }
}
