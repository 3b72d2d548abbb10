using System.CommandLine;
using System.Text.Json;
using Lab.Common.Cli;
using Lab.Probes.Backlog;
using Lab.Probes.Kernel;
using Lab.Probes.Output;

namespace Lab.Probes.Cli;

/// <summary><c>probe backlog</c>: the accept queue against the SYN queue, sampled from the kernel.</summary>
internal static class BacklogCommand
{
    private static readonly Option<int> Backlog = new("--backlog") { Description = "listen() backlog of the probe's own listener (1-4096).", DefaultValueFactory = _ => 4 };
    private static readonly Option<int> Clients = new("--clients") { Description = "Clients connecting at once (1-2000).", DefaultValueFactory = _ => 20 };
    private static readonly Option<bool> HalfOpen = new("--half-open") { Description = "Drop the handshake's final ACK (nftables, inside the namespace): the SYN-flood signature." };
    private static readonly Option<string?> Target = new("--target") { Description = "Observe a running server at HOST:PORT on this machine instead (no namespace, nothing changed)." };
    private static readonly DurationOption Sampled = new("--duration", "How long to sample.", TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2)) { DefaultValueFactory = _ => "6s" };
    private static readonly DurationOption SecondsOldName = Sampled.HiddenOldName("--seconds");
    private static readonly Option<bool> Json = JsonOption.Create();
    private static readonly Option<bool> Inside = new(PrivateNetworkNamespace.InsideOption) { Hidden = true };
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var command = new Command("backlog", "Accept queue vs SYN queue: fill a listener's backlog (or leave connections half-open) in a private namespace and sample the kernel's queues.")
        {
            Backlog, Clients, HalfOpen, Target, Sampled, SecondsOldName, Json, Inside,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var backlog = Counts.Require(parse.GetValue(Backlog), "--backlog", 1, 4096);
        var clients = Counts.Require(parse.GetValue(Clients), "--clients", 1, 2000);
        var seconds = Sampled.ValueIn(parse)!.Value;
        var halfOpen = parse.GetValue(HalfOpen);

        BacklogResult result;
        if (parse.GetValue(Inside))
        {
            result = await new BacklogProbe(backlog, clients, halfOpen, seconds, Console.Error.WriteLine).RunAsync();
            Console.Out.WriteLine(JsonSerializer.Serialize(result, Web));
            return ExitCodes.Ok;
        }

        var progress = new StderrProgress();
        if (parse.GetValue(Target) is { } text)
        {
            // Options of the probe's own listener do nothing to a running server: say so rather than ignore them.
            foreach (var own in new Option[] { HalfOpen, Backlog })
                if (parse.GetResult(own) is { Implicit: false })
                    throw new UsageException($"{own.Name} does nothing with --target: it sets the probe's own listener in its namespace, and --target observes a running server instead");
            var target = LoopbackEndpoint.Parse(text, "--target");
            await ProbeTarget.EnsureReachableAsync(target.Address.ToString(), target.Port, "--target");
            result = await new TargetObserver(target, clients, seconds, progress.Report).RunAsync();
        }
        else
        {
            string[] args = ["--backlog", backlog.ToString(), "--clients", clients.ToString(), "--duration", Duration.Format(seconds), .. halfOpen ? new[] { "--half-open" } : []];
            var json = await PrivateNetworkNamespace.RunAsync("backlog", args, seconds + TimeSpan.FromSeconds(45), line => progress.Report("  " + line), cancel);
            result = JsonSerializer.Deserialize<BacklogResult>(json, Web)!;
        }

        if (parse.GetValue(Json))
            JsonOutput.Write(result);
        else
            BacklogText.Write(result);
        return ExitCodes.Ok;
    }
}
