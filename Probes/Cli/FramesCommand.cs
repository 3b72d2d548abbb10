using System.CommandLine;
using System.Net;
using Lab.Common.Cli;
using Lab.Probes.Frames;
using Lab.Probes.Output;

namespace Lab.Probes.Cli;

/// <summary><c>probe frames</c>: the {packet,N} load generator (echo, reject, hold).</summary>
internal static class FramesCommand
{
    private static readonly Option<string> Target = new("--target") { Description = "The gateway's frame port on this machine, HOST:PORT.", Required = true };
    private static readonly Option<string> Mode = new("--mode") { Description = "echo (--depth frames in flight per connection, each matched to its echo by sequence number), reject (bogus-GET cycles) or hold (idle connections, then one echo each).", DefaultValueFactory = _ => "echo" };
    private static readonly Option<int> Connections = new("--connections") { Description = "Concurrent connections (1-19000).", DefaultValueFactory = _ => 10 };
    private static readonly Option<string> Seconds = new("--seconds") { Description = "Measured time after the warm-up (1s-10m); for hold, how long to hold.", DefaultValueFactory = _ => "5s" };
    private static readonly Option<string> Warmup = new("--warmup") { Description = "Warm-up before measuring (0 or up to 1m).", DefaultValueFactory = _ => "2s" };
    private static readonly Option<int> Size = new("--size") { Description = "Payload bytes per frame (12-65536 for echo: a sequence number and the connection's index lead it).", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> Packet = new("--packet") { Description = "Header width, as the gateway's --packet: 1, 2 or 4.", DefaultValueFactory = _ => 4 };
    private static readonly Option<int> Depth = new("--depth") { Description = $"Echo: frames in flight per connection (1-{FrameLoad.MaxDepth}); replies are matched to frames by sequence number.", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> FrameDeadline = new("--frame-deadline") { Description = "Echo: how long a frame waits for its echo before it counts lost (10ms-1m); a reply after that counts late.", DefaultValueFactory = _ => "1s" };
    private static readonly Option<int?> ServerPid = new("--server-pid") { Description = "The server's pid, to report its CPU time next to the generator's." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object on stdout and nothing else." };

    public static Command Create()
    {
        var command = new Command("frames", "Load a {packet,N} gateway: echo frames/s and latency, reject cycles/s, or held connections; generator and server CPU side by side.")
        {
            Target, Mode, Connections, Seconds, Warmup, Size, Packet, Depth, FrameDeadline, ServerPid, Json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var text = parse.GetValue(Target)!;
        var target = IPEndPoint.TryParse(text, out var e) && e.Port != 0 ? e : throw new UsageException($"--target: '{text}' is not HOST:PORT");
        if (!IPAddress.IsLoopback(target.Address))
            throw new UsageException($"--target: {text} is not on this machine; probes only target 127.0.0.0/8 or ::1");
        var mode = parse.GetValue(Mode) switch
        {
            "echo" => FramesMode.Echo,
            "reject" => FramesMode.Reject,
            "hold" => FramesMode.Hold,
            var other => throw new UsageException($"--mode: '{other}' is not echo, reject or hold"),
        };
        var connections = Counts.Require(parse.GetValue(Connections), "--connections", 1, 19_000);
        var seconds = Duration.Parse(parse.GetValue(Seconds)!, "--seconds") ?? throw new UsageException("--seconds: a load must stop by itself; give a duration");
        if (seconds < TimeSpan.FromSeconds(1) || seconds > TimeSpan.FromMinutes(10))
            throw new UsageException($"--seconds: {parse.GetValue(Seconds)} is out of range; use 1s to 10m");
        var warmup = parse.GetValue(Warmup) is "0" or "off" ? TimeSpan.Zero : Duration.Parse(parse.GetValue(Warmup)!, "--warmup")!.Value;
        if (warmup > TimeSpan.FromMinutes(1))
            throw new UsageException("--warmup: at most 1m");
        var packet = parse.GetValue(Packet);
        if (packet is not (1 or 2 or 4))
            throw new UsageException($"--packet: {packet} is not 1, 2 or 4");
        var max = packet switch { 1 => 255, 2 => 65535, _ => 65536 };
        var size = Counts.Require(parse.GetValue(Size), "--size", mode == FramesMode.Echo ? 12 : 1, max);
        var depth = Counts.Require(parse.GetValue(Depth), "--depth", 1, FrameLoad.MaxDepth);
        var deadline = Duration.Parse(parse.GetValue(FrameDeadline)!, "--frame-deadline")
            ?? throw new UsageException("--frame-deadline: a frame that never comes back must be counted; give a duration");
        if (deadline < TimeSpan.FromMilliseconds(10) || deadline > TimeSpan.FromMinutes(1))
            throw new UsageException($"--frame-deadline: {parse.GetValue(FrameDeadline)} is out of range; use 10ms to 1m");
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
