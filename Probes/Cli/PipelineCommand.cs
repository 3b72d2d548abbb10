using Lab.Common.Text;
using System.CommandLine;
using Lab.Common.Cli;
using Lab.Probes.Output;
using Lab.Probes.Pipeline;

namespace Lab.Probes.Cli;

/// <summary><c>probe pipeline</c>: K requests written before any response is read, on one raw socket.</summary>
internal static class PipelineCommand
{
    private static readonly Option<string> Url = new("--url") { Description = "Target URL on this machine.", Required = true };
    private static readonly Option<int> Depth = new("--depth") { Description = "Requests written before reading (1-1000).", DefaultValueFactory = _ => 10 };
    private static readonly Option<bool> Json = JsonOption.Create();

    public static Command Create()
    {
        var command = new Command("pipeline", "HTTP/1.1 pipelining: check every response arrives in order, compare with sequential keep-alive.")
        {
            Url, Depth, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var url = ProbeTarget.ParseUrl(parse.GetValue(Url));
        var depth = Counts.Require(parse.GetValue(Depth), "--depth", 1, 1000);
        await ProbeTarget.EnsureReachableAsync(url.Host, url.Port, "--url");
        var result = await new PipelineProbe(url, depth).RunAsync(cancel);
        if (parse.GetValue(Json))
        {
            JsonOutput.Write(result);
        }
        else
        {
            Prose.WriteLine($"pipelined {result.Depth} requests on one connection: {result.Responses} responses, " +
                              $"{(result.InOrder ? "in order" : "NOT in order")} ({result.OrderCheck}), statuses {string.Join(",", result.Statuses.Distinct())}");
            Prose.WriteLine(result.Speedup is { } speedup
                ? $"pipelined: {result.PipelinedMs} ms; sequential keep-alive: {result.SequentialMs} ms; speedup ×{speedup}"
                : $"pipelined vs sequential keep-alive: NO DATA ({result.Responses} of {result.Depth} pipelined responses came back, so there is no time to compare)");
            if (result.Error is not null)
                Prose.WriteLine($"error: {result.Error}");
        }
        return result.InOrder && result.Responses == depth ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }
}
