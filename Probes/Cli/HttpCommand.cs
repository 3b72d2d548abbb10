using System.CommandLine;
using Lab.Common.Cli;
using Lab.Probes.Http;
using Lab.Probes.Output;
using Spectre.Console;

namespace Lab.Probes.Cli;

/// <summary><c>probe http</c>: HTTP/1.0 short connections against HTTP/1.1 keep-alive, connection by connection.</summary>
internal static class HttpCommand
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    private static readonly Option<string> Url = new("--url") { Description = "Target URL on this machine, e.g. http://127.0.0.1:20080/x.", Required = true };
    private static readonly Option<string> Mode = new Option<string>("--mode") { Description = "short, keepalive or both.", DefaultValueFactory = _ => "both" }
        .OneOf("short", "keepalive", "both");
    // -n and -c as in ab and hey (wrk's -c means connections, which keep-alive mode caps at the same number).
    private static readonly Option<int> Requests = new("--requests", "-n") { Description = "Requests per mode (1-1000000); not with --duration.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> Concurrency = new("--concurrency", "-c") { Description = "Concurrent workers, and the keep-alive connection cap (1-1000).", DefaultValueFactory = _ => 8 };
    private static readonly DurationOption Measured = new("--duration", "Run each mode this long instead of a count of requests, e.g. 10s; not with --requests.", TimeSpan.FromMilliseconds(1), MaxDuration);
    private static readonly Option<string> Out = new("--out") { Description = "Folder for connections.csv, requests.csv and summary.json (at most 1000000 requests per mode)." };
    private static readonly Option<bool> Json = JsonOption.Create();

    public static Command Create()
    {
        var command = new Command("http", "Compare HTTP/1.0 short connections with HTTP/1.1 keep-alive: requests, latency (connect, first byte, total), connections, client ports, TIME_WAIT, port arithmetic.")
        {
            Url, Mode, Requests, Concurrency, Measured, Out, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var url = ProbeTarget.ParseUrl(parse.GetValue(Url));
        // The word is one of short, keepalive, both: OneOf checked it while parsing.
        var modes = parse.GetValue(Mode) switch
        {
            "short" => new[] { HttpMode.Short },
            "keepalive" => [HttpMode.KeepAlive],
            _ => [HttpMode.Short, HttpMode.KeepAlive],
        };
        var duration = ParseDuration(parse);
        if (parse.GetValue(Out) is not null && parse.GetValue(Requests) > HttpRunFiles.MaxRequests)
            throw new UsageException($"--out: writes at most {HttpRunFiles.MaxRequests} requests per mode; lower --requests (-n)");
        var requests = Counts.Require(parse.GetValue(Requests), "--requests", 1, 1_000_000);
        var concurrency = Counts.Require(parse.GetValue(Concurrency), "--concurrency", 1, 1000);
        var outDirectory = parse.GetValue(Out) is { } o ? HttpRunFiles.Prepare(o) : null;
        await ProbeTarget.EnsureReachableAsync(url.Host, url.Port, "--url");

        // With --out a duration run also stops at the row limit, so requests.csv stays bounded.
        var load = duration is { } d
            ? HttpLoad.For(d, outDirectory is null ? int.MaxValue : HttpRunFiles.MaxRequests)
            : HttpLoad.Count(requests);
        using var files = outDirectory is null ? null : HttpRunFiles.Create(outDirectory);
        var progress = new StderrProgress();
        var probe = new HttpProbe(url, load, concurrency, progress.Report) { Records = files };
        var results = new Dictionary<string, HttpModeResult>();
        try
        {
            foreach (var mode in modes.TakeWhile(_ => !cancel.IsCancellationRequested))
            {
                progress.Report($"{HttpProbe.Name(mode)}: {load}, concurrency {concurrency}, {url}");
                var result = results[HttpProbe.Name(mode)] = await probe.RunAsync(mode, cancel);
                if (result.StoppedAtCap)
                    progress.Report($"{HttpProbe.Name(mode)}: stopped at {HttpRunFiles.MaxRequests} requests after {result.Seconds} s, the most --out writes per mode");
            }
        }
        catch (IOException e) when (files is not null)
        {
            throw new MeasurementException($"--out: writing in {outDirectory} failed ({e.Message})");
        }
        var arithmetic = PortArithmetic.For(results.GetValueOrDefault("short")?.ConnectionsPerSecond);

        var summary = new
        {
            target = url.ToString(),
            requests = duration is null ? requests : (int?)null,
            durationSeconds = duration?.TotalSeconds,
            concurrency,
            modes = results,
            ports = arithmetic,
            interrupted = cancel.IsCancellationRequested,
        };
        files?.WriteSummary(summary);
        if (parse.GetValue(Json))
            JsonOutput.Write(summary);
        else
        {
            HttpTable.Write(url, results, arithmetic);
            if (cancel.IsCancellationRequested)
                Console.WriteLine("interrupted: these figures cover the requests sent before the signal");
        }
        return results.Values.All(r => r.Failed == 0) ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }

    /// <summary>--duration, or null for a count of requests; one of the two, never both.</summary>
    private static TimeSpan? ParseDuration(ParseResult parse)
    {
        if (parse.GetResult(Measured) is null)
            return null;
        if (parse.GetResult(Requests) is { Implicit: false })
            throw new UsageException("--duration and --requests (-n): give one or the other, not both");
        return Measured.ValueIn(parse);
    }
}
