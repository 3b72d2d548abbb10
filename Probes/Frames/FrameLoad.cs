using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lab.Framing;
using Lab.Probes.Kernel;

namespace Lab.Probes.Frames;

/// <summary>
/// The frame load generator: pipelined echo with sequence numbers (each reply matched to its frame; a frame
/// not answered within its deadline is counted lost, its reply if it still comes late; reordered and
/// corrupted replies counted), reject cycles (bogus GET until the server closes, then an abortive close so
/// neither side keeps TIME_WAIT), or held idle connections proven alive at the end. Bounded in connections
/// and time; only what happens after the warm-up is measured.
/// </summary>
/// <param name="depth">Echo: frames in flight per connection (1 to <see cref="MaxDepth"/>).</param>
/// <param name="frameDeadline">Echo: how long a frame may wait for its echo before it counts lost (default 1 s).</param>
public sealed class FrameLoad(IPEndPoint target, FramesMode mode, int connections, TimeSpan duration, TimeSpan warmup,
    int size, int packet, int? serverPid, Action<string> progress, long? stopAfter = null, int depth = 1, TimeSpan? frameDeadline = null)
{
    public const int MaxDepth = 64;
    public static readonly TimeSpan DefaultFrameDeadline = TimeSpan.FromSeconds(1);

    /// <summary>After the measured window, echo connections wait for their frames in flight, each until its
    /// deadline; this much later the run stops whatever the server does (the sweeper's tick and a loaded
    /// machine's scheduling fit in it).</summary>
    private static readonly TimeSpan HardStopMargin = TimeSpan.FromSeconds(1);

    private static readonly byte[] BogusGet = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: lab\r\n\r\n");
    private readonly ErrorCounts _errors = new();
    private readonly LatencyRecorder _latency = new();
    private readonly int _depth = depth is >= 1 and <= MaxDepth ? depth : throw new ArgumentOutOfRangeException(nameof(depth), depth, $"1 to {MaxDepth}");
    private readonly TimeSpan _deadline = frameDeadline is not { } d ? DefaultFrameDeadline
        : d > TimeSpan.Zero ? d : throw new ArgumentOutOfRangeException(nameof(frameDeadline), d, "a frame deadline is positive");
    private long _operations;
    private int _opened;

    public async Task<FramesResult> RunAsync(CancellationToken cancellationToken = default)
    {
        // stop: the window is over, send no more; hard: echo connections stop waiting for their last frames.
        using var hard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(hard.Token);
        var self = Process.GetCurrentProcess();
        TimeSpan cpuStart = default;
        double? serverStart = null;
        DateTimeOffset? measuredFrom = null;
        var measured = Stopwatch.StartNew();
        var timer = Task.Run(async () =>
        {
            await Task.Delay(warmup, stop.Token);
            cpuStart = self.TotalProcessorTime;
            serverStart = serverPid is { } pid ? ProcessCpu.Seconds(pid) : null;
            Interlocked.Exchange(ref _operations, 0);
            measured.Restart();
            measuredFrom = DateTimeOffset.UtcNow;
            _latency.StartMeasuring();
            progress($"warm-up over; measuring {mode.ToString().ToLowerInvariant()} for {duration.TotalSeconds:0.#} s");
            if (mode != FramesMode.Hold)
            {
                await Task.Delay(duration, stop.Token);
                _latency.StopMeasuring();
                measured.Stop(); // the window; echo's wait for its last frames is not part of it
                hard.CancelAfter(_deadline + HardStopMargin);
                await stop.CancelAsync();
            }
        }, stop.Token);

        int? alive = null;
        if (mode == FramesMode.Hold)
        {
            alive = await HoldAsync(stop.Token);
            _latency.StopMeasuring();
        }
        else if (mode == FramesMode.Echo)
            Interlocked.Exchange(ref _operations, await EchoAsync(stop.Token, hard.Token));
        else
            await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(() => RejectAsync(i, stop.Token), CancellationToken.None)));
        await stop.CancelAsync();
        try { await timer; } catch (OperationCanceledException) { }

        var seconds = measured.Elapsed.TotalSeconds;
        self.Refresh();
        var (count, p50, p99, max) = _latency.Summarize();
        var ops = mode == FramesMode.Hold ? alive ?? 0 : Interlocked.Read(ref _operations);
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
            PerSecond = mode == FramesMode.Hold ? 0 : Math.Round(ops / seconds, 1),
            P50Us = p50,
            P99Us = p99,
            MaxUs = max,
            Errors = errors,
            Lost = errors.GetValueOrDefault("lost"),
            Late = errors.GetValueOrDefault("late"),
            Reordered = errors.GetValueOrDefault("reordered"),
            GeneratorCpuSeconds = Math.Round((self.TotalProcessorTime - cpuStart).TotalSeconds, 2),
            ServerCpuSeconds = serverPid is { } p && serverStart is { } s0 && ProcessCpu.Seconds(p) is { } s1 ? Math.Round(s1 - s0, 2) : null,
            ConnectionsOpened = Volatile.Read(ref _opened),
            ConnectionsAlive = alive,
            Note = mode == FramesMode.Reject
                ? "each cycle ends with an abortive close (linger 0) after the server's FIN: the server closed first and would otherwise hold TIME_WAIT, the client too if it closed gracefully"
                : null,
        };
    }

    private async Task<Socket?> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
            Interlocked.Increment(ref _opened);
            return socket;
        }
        catch (SocketException e)
        {
            _errors.Add($"connect {ErrnoName.Of(e)}");
            socket.Dispose();
            return null;
        }
        catch (OperationCanceledException)
        {
            socket.Dispose(); // the run ended while this connect was under way: not an error
            return null;
        }
    }

    /// <summary>Runs every echo connection and the deadline sweeper; returns the echoes counted while measuring.</summary>
    private async Task<long> EchoAsync(CancellationToken stop, CancellationToken hard)
    {
        var sweeper = new DeadlineSweeper(connections, _deadline);
        using var done = new CancellationTokenSource();
        var sweeping = sweeper.RunAsync(done.Token);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            using var socket = await ConnectAsync(stop);
            if (socket is null)
                return;
            var echo = new EchoConnection(socket, i, size, packet, _depth, sweeper.DeadlineTicks, _latency);
            sweeper.Watch(i, echo);
            await echo.RunAsync(stop, hard, _errors);
        }, CancellationToken.None)));
        await done.CancelAsync();
        await sweeping;
        var echoed = 0L;
        foreach (var echo in sweeper.Watched)
        {
            echo.CountInto(_errors);
            echoed += echo.Echoed;
        }
        return echoed;
    }

    private async Task RejectAsync(int index, CancellationToken stop)
    {
        var samples = _latency.ForWorker();
        var sink = new byte[1024];
        while (!stop.IsCancellationRequested && !(Interlocked.Read(ref _operations) >= stopAfter))
        {
            var started = Stopwatch.GetTimestamp();
            using var socket = await ConnectAsync(stop);
            if (socket is null)
            {
                if (stop.IsCancellationRequested)
                    return;
                await Task.Delay(10, CancellationToken.None);
                continue;
            }
            try
            {
                await socket.SendAsync(BogusGet, SocketFlags.None, stop);
                while (await socket.ReceiveAsync(sink, SocketFlags.None, stop) > 0) { }
            }
            catch (OperationCanceledException) { return; }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { } // an rst policy ends the cycle this way
            catch (SocketException e) { _errors.Add(ErrnoName.Of(e)); continue; }
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            if (_latency.Measuring)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                if (Interlocked.Increment(ref _operations) >= stopAfter)
                    return; // enough cycles: the other loops finish theirs and stop too
            }
        }
    }

    private async Task<int> HoldAsync(CancellationToken stop)
    {
        var sockets = new Socket?[connections];
        using var gate = new SemaphoreSlim(500);
        progress($"opening {connections} connections (at most 500 connecting at once)");
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
        {
            await gate.WaitAsync(CancellationToken.None);
            try { sockets[i] = await ConnectAsync(CancellationToken.None); }
            finally { gate.Release(); }
        }));
        progress($"holding {Volatile.Read(ref _opened)} connections for {(warmup + duration).TotalSeconds:0.#} s");
        await Task.Delay(warmup + duration, CancellationToken.None);
        var alive = 0;
        var frame = PacketWriter.Encode(new byte[Math.Max(size, 1)], packet);
        await Task.WhenAll(sockets.Select(async socket =>
        {
            if (socket is null)
                return;
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.SendAsync(frame, SocketFlags.None, timeout.Token);
                var echo = new byte[frame.Length];
                await socket.ReceiveExactlyAsync(echo, timeout.Token);
                if (echo.AsSpan().SequenceEqual(frame))
                    Interlocked.Increment(ref alive);
                else
                    _errors.Add("corrupted");
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or EndOfStreamException)
            {
                _errors.Add(e is SocketException s ? ErrnoName.Of(s) : e is EndOfStreamException ? "closed by server" : "timeout");
            }
            finally
            {
                gate.Release();
                socket.Dispose();
            }
        }));
        return alive;
    }
}
