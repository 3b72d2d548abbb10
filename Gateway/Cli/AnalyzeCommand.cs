using System.CommandLine;
using System.Text.Json;
using Lab.Common.Cli;
using Lab.Gateway.Analysis;

namespace Lab.Gateway.Cli;

/// <summary><c>gateway analyze DIR [DIR…]</c>: reads run directories (never a live gateway) and explains them.</summary>
internal static class AnalyzeCommand
{
    private static readonly Argument<string[]> Dirs = new("DIR") { Description = "Run directories (from gateway serve, a BrowserLab run or its gateway/, a bench).", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the analysis as JSON on stdout and nothing else." };
    private static readonly Option<string> Window = new("--window")
    { Description = "How close in time connections must be to form a burst, or to be a silent connection's companion.", DefaultValueFactory = _ => "2s" };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("analyze", "Explain a run's logs per connection: head_errors and their origin, bursts (retries), silent connections (preconnects), port-id gaps.")
        {
            Dirs, Json, Window,
        };
        command.SetAction(parse => Run(parse));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var window = Duration.Parse(parse.GetValue(Window)!, "--window") ?? throw new UsageException("--window: 'off' is not a window; give a duration");
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
            Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        }
        else
        {
            foreach (var analysis in analyses)
                AnalysisText.Write(analysis);
            if (analyses.Count > 1)
                AnalysisText.WriteSideBySide(analyses);
        }
        return ExitCodes.Ok;
    }
}
