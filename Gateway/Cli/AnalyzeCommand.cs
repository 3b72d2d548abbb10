using System.CommandLine;
using Lab.Common.Cli;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;
using Lab.Logs.Analysis;
using Lab.Logs;

namespace Lab.Gateway.Cli;

/// <summary><c>gateway analyze DIR [DIR…]</c>: reads run directories (never a live gateway) and explains them.</summary>
internal static class AnalyzeCommand
{
    private static readonly Argument<string[]> Dirs = new("DIR") { Description = "Run directories (from gateway serve, a BrowserLab run or its gateway/, a bench).", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<bool> Json = JsonOption.Create("Print the analysis as JSON on stdout and nothing else.");
    private static readonly DurationOption Window = new("--window",
        "How close in time connections must be to form a burst, or to be a silent connection's companion.", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1))
    { DefaultValueFactory = _ => "2s" };

    private static readonly Option<bool> Wide = new("--wide")
    { Description = "Every field in its own column (head hex, declared length, origin detail); the default table fits 120 columns." };
    private static readonly string[] ReasonNames = Enum.GetValues<TerminateReason>().Select(r => r.ToLogName()).Distinct().ToArray();
    private static readonly Option<string> Reason = ReasonOption();
    /// <summary>One of the reasons the gateway logs; the list is in the description, so help stays narrow.</summary>
    private static Option<string> ReasonOption()
    {
        var option = new Option<string>("--reason")
        { Description = $"Only connections that ended with this reason in the table: {string.Join(", ", ReasonNames)}." }.OneOf(ReasonNames);
        option.HelpName = "reason";
        return option;
    }

    private static readonly Option<int?> Limit = new("--limit")
    { Description = "At most N rows in the table and N lines in each section (the rest are counted)." };
    private static readonly Option<bool> Http = new("--http")
    { Description = "Also list the HTTP lab endpoint's connections with their requests: the server side of short vs keep-alive." };

    public static Command Create()
    {
        var command = new Command("analyze", "Explain a run's logs per connection: head_errors and their origin, bursts (retries), silent connections (preconnects), port-id gaps. --json is always the whole analysis; --wide, --reason, --limit and --http shape the text.")
        {
            Dirs, Json, Window, Wide, Reason, Limit, Http,
        };
        command.SetAction(parse => Run(parse));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var window = Window.ValueIn(parse)!.Value;
        if (parse.GetValue(Limit) is < 1)
            throw new UsageException($"--limit: {parse.GetValue(Limit)} is not a number of rows; give 1 or more");
        var view = new AnalysisView(parse.GetValue(Wide), parse.GetValue(Reason), parse.GetValue(Limit), parse.GetValue(Http));
        var analyses = new List<RunAnalysis>();
        foreach (var dir in parse.GetValue(Dirs)!)
        {
            try
            {
                analyses.Add(RunAnalyzer.Analyze(GatewayRun.Read(dir), window));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
            {
                Console.Error.WriteLine($"skipped {dir}: {(e is FileNotFoundException ? e.Message : $"cannot read it ({e.Message})")}");
            }
        }
        if (analyses.Count == 0)
            throw new UsageException("nothing readable: none of the given directories holds a gateway.clef or gateway.log");

        if (parse.GetValue(Json))
        {
            object value = analyses.Count == 1 ? analyses[0] : new { runs = analyses };
            JsonOutput.Write(value);
        }
        else
        {
            // Redirected: the compact table's width, or room for the wide one.
            Terminal.FitRedirectedOutput(view.Wide ? 240 : AnalysisText.CompactWidth);
            foreach (var analysis in analyses)
                AnalysisText.Write(analysis, view);
            if (analyses.Count > 1)
                AnalysisText.WriteSideBySide(analyses);
        }
        return ExitCodes.Ok;
    }
}
