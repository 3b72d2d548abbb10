using System.CommandLine;
using System.Text.Json;
using Lab.Common.Cli;

namespace Lab.Bench.Cli;

/// <summary><c>LabBench chart RESULTS.json</c>: the ratio chart again from a results file (e.g. after the
/// chart changed): RESULTS.json → RESULTS.png.</summary>
internal static class ChartCommand
{
    private static readonly Argument<string> Results = new("RESULTS.json") { Description = "A bench/results file." };

    public static Command Create()
    {
        var command = new Command("chart", "Draw a results file's ratio chart and its page again (RESULTS.png and RESULTS.html beside it).") { Results };
        command.SetAction(parse => Run(parse.GetValue(Results)!));
        return command;
    }

    private static int Run(string file)
    {
        if (!File.Exists(file))
            throw new UsageException($"RESULTS.json: {file} does not exist");
        BenchReport saved;
        try
        {
            saved = JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                    ?? throw new JsonException("it holds null");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{file} is not a bench results file: {e.Message}");
        }
        var png = Path.ChangeExtension(file, ".png");
        RatioChart.Save(saved, png);
        Console.WriteLine($"chart: {png}");
        var html = Path.ChangeExtension(file, ".html");
        File.WriteAllText(html, BenchHtml.Render(saved));
        Console.WriteLine($"page: {html}");
        return ExitCodes.Ok;
    }
}
