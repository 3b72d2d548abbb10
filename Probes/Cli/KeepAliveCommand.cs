using System.CommandLine;
using System.Text.Json;
using Lab.Common.Cli;
using Lab.Common.Text;
using Lab.Probes.Kernel;
using Lab.Probes.KeepAlive;
using Lab.Probes.Output;

namespace Lab.Probes.Cli;

/// <summary><c>probe keepalive</c>: how long until a silent peer's death is noticed, with and without keepalive.</summary>
internal static class KeepAliveCommand
{
    // The kernel counts keepalive in whole seconds (KeepAliveSettings checks that).
    private static readonly DurationOption Idle = new("--idle", "Idle time before the first probe, in whole seconds.", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60))
    { DefaultValueFactory = _ => "2s" };
    private static readonly DurationOption Interval = new("--interval", "Time between probes, in whole seconds.", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60))
    { DefaultValueFactory = _ => "1s" };
    private static readonly Option<int> Count = new("--count") { Description = "Unanswered probes before the connection is dead (1-20).", DefaultValueFactory = _ => 3 };
    private static readonly Option<bool> Json = JsonOption.Create();
    private static readonly Option<bool> Inside = new(PrivateNetworkNamespace.InsideOption) { Hidden = true };
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var command = new Command("keepalive", "Two private namespaces joined by a veth pair; the path dies silently: measure when keepalive notices, and that without it nothing does.")
        {
            Idle, Interval, Count, Json, Inside,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var settings = KeepAliveSettings.Create(Idle.ValueIn(parse)!.Value, Interval.ValueIn(parse)!.Value, parse.GetValue(Count));
        if (parse.GetValue(Inside))
        {
            var inside = await new KeepAliveProbe(settings, Console.Error.WriteLine).RunAsync();
            Console.Out.WriteLine(JsonSerializer.Serialize(inside, Web));
            return ExitCodes.Ok;
        }
        var progress = new StderrProgress();
        string[] args = ["--idle", Duration.Format(settings.Idle), "--interval", Duration.Format(settings.Interval), "--count", settings.Count.ToString()];
        var json = await PrivateNetworkNamespace.RunAsync("keepalive", args, settings.DetectionTime + TimeSpan.FromSeconds(45), line => progress.Report("  " + line), cancel);
        var result = JsonSerializer.Deserialize<KeepAliveResult>(json, Web)!;
        if (parse.GetValue(Json))
        {
            JsonOutput.Write(result);
        }
        else
        {
            Prose.WriteLine($"keepalive on (idle {result.IdleSeconds} s, interval {result.IntervalSeconds} s, count {result.Count}; expected {result.ExpectedSeconds} s): " +
                            (result.DetectedAfterSeconds is { } s ? $"dead peer noticed after {s} s ({result.Error})" : "not noticed within the wait"));
            Prose.WriteLine($"keepalive off: {(result.OffLearned ? "noticed?!" : $"still waiting after {result.OffWaitedSeconds} s — without keepalive a silent peer's death is never noticed by a reader")}");
            foreach (var line in result.WindowsFigures)
                Prose.WriteLine(line);
        }
        return result.DetectedAfterSeconds is not null && !result.OffLearned ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }
}
