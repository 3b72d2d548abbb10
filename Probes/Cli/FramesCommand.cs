using System.CommandLine;
using Lab.Common.Cli;
using Lab.Probes.Frames;
using Lab.Probes.Output;

namespace Lab.Probes.Cli;

/// <summary><c>probe frames</c>: the {packet,N} load generator (echo, reject, hold).</summary>
internal static class FramesCommand
{
    private static readonly Option<string> Target = new("--target") { Description = "The gateway's frame port on this machine, HOST:PORT.", Required = true };
    private static readonly Option<string> Mode = new Option<string>("--mode") { Description = "echo (--depth frames in flight per connection, each matched to its echo by sequence number), reject (bogus-GET cycles) or hold (idle connections, then one echo each).", DefaultValueFactory = _ => "echo" }
        .OneOf("echo", "reject", "hold");
    // -c as in wrk (connections) and ab (concurrency): each connection is one client in flight.
    private static readonly Option<int> Connections = new("--connections", "-c") { Description = "Concurrent connections (1-19000).", DefaultValueFactory = _ => 10 };
    private static readonly DurationOption Measured = new("--duration", "Measured time after the warm-up; for hold, how long to hold.", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10))
    { DefaultValueFactory = _ => "5s" };
    private static readonly DurationOption SecondsOldName = Measured.HiddenOldName("--seconds");
    private static readonly DurationOption Warmup = new("--warmup", "Warm-up before measuring.", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1), off: "none")
    { DefaultValueFactory = _ => "2s" };
    private static readonly Option<int> Size = new("--size") { Description = "Payload bytes per frame (12-65536 for echo: a sequence number and the connection's index lead it).", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> Packet = new("--packet") { Description = "Header width, as the gateway's --packet: 1, 2 or 4.", DefaultValueFactory = _ => 4, HelpName = "1|2|4" };
    private static readonly Option<int> Depth = new("--depth") { Description = $"Echo: frames in flight per connection (1-{FrameLoad.MaxDepth}); replies are matched to frames by sequence number.", DefaultValueFactory = _ => 1 };
    private static readonly DurationOption FrameDeadline = new("--frame-deadline", "Echo: how long a frame waits for its echo before it counts lost; a reply after that counts late.",
        TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1))
    { DefaultValueFactory = _ => "1s" };
    private static readonly Option<int?> ServerPid = new("--server-pid") { Description = "The server's pid, to report its CPU time next to the generator's." };
    private static readonly Option<bool> Json = JsonOption.Create();

    public static Command Create()
    {
        var command = new Command("frames", "Load a {packet,N} gateway: echo frames/s and latency, reject cycles/s, or held connections; generator and server CPU side by side.")
        {
            Target, Mode, Connections, Measured, SecondsOldName, Warmup, Size, Packet, Depth, FrameDeadline, ServerPid, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var text = parse.GetValue(Target)!;
        var target = LoopbackEndpoint.Parse(text, "--target");
        // The word is one of echo, reject, hold: OneOf checked it while parsing.
        var mode = parse.GetValue(Mode) switch
        {
            "reject" => FramesMode.Reject,
            "hold" => FramesMode.Hold,
            _ => FramesMode.Echo,
        };
        var connections = Counts.Require(parse.GetValue(Connections), "--connections", 1, 19_000);
        var seconds = Measured.ValueIn(parse)!.Value;
        var warmup = Warmup.ValueIn(parse) ?? TimeSpan.Zero;
        var packet = parse.GetValue(Packet);
        if (packet is not (1 or 2 or 4))
            throw new UsageException($"--packet: {packet} is not 1, 2 or 4");
        var max = packet switch { 1 => 255, 2 => 65535, _ => 65536 };
        var size = Counts.Require(parse.GetValue(Size), "--size", mode == FramesMode.Echo ? 12 : 1, max);
        var depth = Counts.Require(parse.GetValue(Depth), "--depth", 1, FrameLoad.MaxDepth);
        var deadline = FrameDeadline.ValueIn(parse)!.Value;
        await ProbeTarget.EnsureReachableAsync(target.Address.ToString(), target.Port, "--target");

        var progress = new StderrProgress();
        var result = await new FrameLoad(target, mode, connections, seconds, warmup, size, packet, parse.GetValue(ServerPid), progress.Report,
            depth: depth, frameDeadline: deadline).RunAsync(cancel);
        if (parse.GetValue(Json))
            JsonOutput.Write(result);
        else
            FramesText.Write(result);
        return result.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }
}
