using System.CommandLine;
using Lab.Common.Cli;
using Lab.Probes.Census;
using Lab.Probes.Output;
using Spectre.Console;

namespace Lab.Probes.Cli;

/// <summary><c>probe census</c>: TCP sockets per state, per port, with owners and a SYN-flood alert.</summary>
internal static class CensusCommand
{
    private static readonly Option<int?> Port = new("--port") { Description = "Only sockets whose local or remote port is this (netstat -ano | findstr PORT)." };
    private static readonly DurationOption Watch = new("--watch", "Repeat every interval (e.g. 1s) until Ctrl+C or --samples.", TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1), off: "once");
    private static readonly Option<int> Samples = new("--samples") { Description = "With --watch, stop after this many samples (0 = until Ctrl+C).", DefaultValueFactory = _ => 0 };
    private static readonly Option<bool> Processes = new("--processes") { Description = "Show the owning pid and process name (netstat -o / -p)." };
    private static readonly Option<bool> Udp = new("--udp") { Description = "Also count UDP sockets." };
    private static readonly Option<string> SynAlertOption = new("--syn-alert") { Description = "SYN_RECV toward one listener that raises the SYN-flood alert: a count, or a percentage of its backlog.", DefaultValueFactory = _ => "50%" };
    private static readonly Option<bool> Json = JsonOption.Create("One JSON object per sample on stdout, nothing else.");

    public static Command Create()
    {
        var command = new Command("census", "Count TCP sockets per state (IPv4 and IPv6), optionally for one port, with owners, UDP, and a SYN-flood alert.")
        {
            Port, Watch, Samples, Processes, Udp, SynAlertOption, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var port = parse.GetValue(Port);
        if (port is < 1 or > 65535)
            throw new UsageException($"--port: {port} is not a TCP port (1-65535)");
        var watch = Watch.ValueIn(parse);
        var samples = Counts.Require(parse.GetValue(Samples), "--samples", 0, 1_000_000);
        if (watch is null && parse.GetResult(Samples) is { Implicit: false })
            throw new UsageException("--samples only goes with --watch: without it the census is taken once");
        var census = new TcpCensus(port, parse.GetValue(Processes), parse.GetValue(Udp), SynAlert.Parse(parse.GetValue(SynAlertOption)!));
        var json = parse.GetValue(Json);

        for (var n = 1; ; n++)
        {
            var sample = census.Take();
            if (json)
                JsonOutput.WriteLine(sample);
            else
                CensusTable.Write(sample, parse.GetValue(Processes));
            if (watch is null || (samples > 0 && n >= samples))
                return ExitCodes.Ok;
            try
            {
                await Task.Delay(watch.Value, cancel);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok;
            }
        }
    }
}
