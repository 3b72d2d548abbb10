using System.CommandLine;
using Lab.Common.Cli;
using Lab.Probes.Http;
using Lab.Probes.Output;
using Spectre.Console;

namespace Lab.Probes.Cli;

/// <summary><c>probe http</c>: HTTP/1.0 short connections against HTTP/1.1 keep-alive, connection by connection.</summary>
internal static class HttpCommand
{
    private static readonly Option<string> Url = new("--url") { Description = "Target URL on this machine, e.g. http://127.0.0.1:20080/x.", Required = true };
    private static readonly Option<string> Mode = new("--mode") { Description = "short, keepalive or both.", DefaultValueFactory = _ => "both" };
    private static readonly Option<int> Requests = new("--requests") { Description = "Requests per mode (1-1000000).", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Concurrent workers, and the keep-alive connection cap (1-1000).", DefaultValueFactory = _ => 8 };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object on stdout and nothing else." };

    public static Command Create()
    {
        var command = new Command("http", "Compare HTTP/1.0 short connections with HTTP/1.1 keep-alive: requests, latency, connections, client ports, TIME_WAIT, port arithmetic.")
        {
            Url, Mode, Requests, Concurrency, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var url = ProbeTarget.ParseUrl(parse.GetValue(Url));
        var modes = parse.GetValue(Mode) switch
        {
            "short" => new[] { HttpMode.Short },
            "keepalive" => [HttpMode.KeepAlive],
            "both" => [HttpMode.Short, HttpMode.KeepAlive],
            var other => throw new UsageException($"--mode: '{other}' is not short, keepalive or both"),
        };
        var requests = Counts.Require(parse.GetValue(Requests), "--requests", 1, 1_000_000);
        var concurrency = Counts.Require(parse.GetValue(Concurrency), "--concurrency", 1, 1000);
        await ProbeTarget.EnsureReachableAsync(url.Host, url.Port, "--url");

        var progress = new StderrProgress();
        var probe = new HttpProbe(url, requests, concurrency, progress.Report);
        var results = new Dictionary<string, HttpModeResult>();
        foreach (var mode in modes)
        {
            progress.Report($"{HttpProbe.Name(mode)}: {requests} requests, concurrency {concurrency}, {url}");
            results[HttpProbe.Name(mode)] = await probe.RunAsync(mode, cancel);
        }
        var arithmetic = PortArithmetic.For(results.GetValueOrDefault("short")?.ConnectionsPerSecond);

        if (parse.GetValue(Json))
            JsonOutput.Write(new { target = url.ToString(), requests, concurrency, modes = results, ports = arithmetic });
        else
            HttpTable.Write(url, results, arithmetic);
        return results.Values.All(r => r.Failed == 0) ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }
}
