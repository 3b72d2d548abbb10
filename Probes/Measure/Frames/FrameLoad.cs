using System.Diagnostics;
using System.Net;

namespace Lab.Probes.Frames;

/// <summary>
/// The frame load generator, and its measured window (each mode is its own type: <see cref="EchoLoad"/>,
/// <see cref="RejectLoad"/>, <see cref="HoldLoad"/>): pipelined echo with sequence numbers (each reply matched to its frame; a frame
/// not answered within its deadline is counted lost, its reply if it still comes late; reordered and
/// corrupted replies counted), reject cycles (bogus GET until the server closes, then an abortive close so
/// neither side keeps TIME_WAIT), or held idle connections proven alive at the end. Bounded in connections
/// and time; only what happens after the warm-up is measured.
/// </summary>
/// <param name="depth">Echo: frames in flight per connection (1 to <see cref="MaxDepth"/>).</param>
/// <param name="frameDeadline">Echo: how long a frame may wait for its echo before it counts lost (default 1 s).</param>
internal sealed class FrameLoad(IPEndPoint target, FramesMode mode, int connections, TimeSpan duration, TimeSpan warmup,
    int size, int packet, int? serverPid, Action<string> progress, long? stopAfter = null, int depth = 1, TimeSpan? frameDeadline = null)
{
    public const int MaxDepth = 64;
    public static readonly TimeSpan DefaultFrameDeadline = TimeSpan.FromSeconds(1);

    /// <summary>After the measured window, echo connections wait for their frames in flight, each until its
    /// deadline; this much later the run stops whatever the server does (the sweeper's tick and a loaded
    /// machine's scheduling fit in it).</summary>
    private static readonly TimeSpan HardStopMargin = TimeSpan.FromSeconds(1);

    private readonly ErrorCounts _errors = new();
    private readonly LatencyRecorder _latency = new();
    private readonly int _depth = depth is >= 1 and <= MaxDepth ? depth : throw new ArgumentOutOfRangeException(nameof(depth), depth, $"1 to {MaxDepth}");
    private readonly TimeSpan _deadline = frameDeadline is not { } d ? DefaultFrameDeadline
        : d > TimeSpan.Zero ? d : throw new ArgumentOutOfRangeException(nameof(frameDeadline), d, "a frame deadline is positive");

    /// <param name="interrupt">Ends the run early (Ctrl+C) as the window's end does: the load stops sending, echo
    /// connections wait for their frames in flight, held connections are proven alive now, and the result covers
    /// the window so far, marked interrupted.</param>
    public async Task<FramesResult> RunAsync(CancellationToken interrupt = default)
    {
        // stop: the window is over, send no more; hard: echo connections stop waiting for their last frames.
        using var hard = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(hard.Token);
        var self = Process.GetCurrentProcess();
        TimeSpan cpuStart = default;
        double? serverStart = null;
        DateTimeOffset? measuredFrom = null;
        var measured = Stopwatch.StartNew();
        var connector = new LoadConnector(target, _errors);
        var reject = mode == FramesMode.Reject ? new RejectLoad(connector, connections, _latency, _errors, stopAfter) : null;
        var timer = Task.Run(async () =>
        {
            await Task.Delay(warmup, stop.Token);
            cpuStart = self.TotalProcessorTime;
            serverStart = serverPid is { } pid ? ProcessCpu.Seconds(pid) : null;
            reject?.StartCounting();
            measured.Restart();
            measuredFrom = DateTimeOffset.UtcNow;
            _latency.StartMeasuring();
            progress($"warm-up over; measuring {mode.ToString().ToLowerInvariant()} for {duration.TotalSeconds:0.#} s");
            if (mode != FramesMode.Hold)
            {
                await Task.Delay(duration, stop.Token);
                EndWindow();
            }
        }, stop.Token);
        using var interrupted = interrupt.Register(() => { if (mode != FramesMode.Hold) EndWindow(); });

        int? alive = null;
        long echoed = 0;
        if (mode == FramesMode.Hold)
        {
            alive = await new HoldLoad(connector, connections, size, packet, warmup + duration, _errors, progress).RunAsync(interrupt);
            _latency.StopMeasuring();
        }
        else if (mode == FramesMode.Echo)
            echoed = await new EchoLoad(connector, connections, size, packet, _depth, _deadline, _latency, _errors).RunAsync(stop.Token, hard.Token);
        else
            await reject!.RunAsync(stop.Token);
        await stop.CancelAsync();
        try { await timer; } catch (OperationCanceledException) { }

        // Interrupted in the warm-up, nothing was measured: no window, no rate.
        var seconds = measuredFrom is null ? 0 : measured.Elapsed.TotalSeconds;
        self.Refresh();
        var (count, p50, p99, max) = _latency.Summarize();
        var ops = mode switch { FramesMode.Hold => alive ?? 0, FramesMode.Echo => echoed, _ => reject!.Cycles };
        var errors = _errors.Snapshot();
        return new FramesResult
        {
            Mode = mode.ToString().ToLowerInvariant(),
            Target = target.ToString(),
            Connections = connections,
            Size = size,
            Seconds = Math.Round(seconds, 3),
            MeasuredFrom = measuredFrom,
            Operations = ops,
            PerSecond = mode == FramesMode.Hold || seconds == 0 ? 0 : Math.Round(ops / seconds, 1),
            P50Us = p50,
            P99Us = p99,
            MaxUs = max,
            Errors = errors,
            Lost = errors.GetValueOrDefault("lost"),
            Late = errors.GetValueOrDefault("late"),
            Reordered = errors.GetValueOrDefault("reordered"),
            GeneratorCpuSeconds = Math.Round((self.TotalProcessorTime - cpuStart).TotalSeconds, 2),
            ServerCpuSeconds = serverPid is { } p && serverStart is { } s0 && ProcessCpu.Seconds(p) is { } s1 ? Math.Round(s1 - s0, 2) : null,
            ConnectionsOpened = connector.Opened,
            ConnectionsAlive = alive,
            Interrupted = interrupt.IsCancellationRequested,
            Note = mode == FramesMode.Reject
                ? "each cycle ends with an abortive close (linger 0) after the server's FIN: the server closed first and would otherwise hold TIME_WAIT, the client too if it closed gracefully"
                : null,
        };

        // The window's end, from the timer or an interrupt, whichever comes first.
        void EndWindow()
        {
            // The stop first: a loop that sees it ends after at most the cycle under way. Measuring stopped first let every
            // loop go on cycling, uncounted, until the stop reached it: a soak interrupted on a busy machine showed 107
            // connections in the gateway's log beyond its 50 loops' count.
            hard.CancelAfter(_deadline + HardStopMargin);
            stop.Cancel();
            _latency.StopMeasuring();
            measured.Stop(); // the window; echo's wait for its last frames is not part of it
        }
    }
}
