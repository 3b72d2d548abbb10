using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lab.Gateway.Framing;
using Lab.Probes.Kernel;

namespace Lab.Probes.Frames;

/// <summary>
/// The frame load generator: closed-loop echo with sequence numbers (every lost, corrupted or
/// reordered frame is counted), reject cycles (bogus GET until the server closes, then an abortive
/// close so neither side keeps TIME_WAIT), or held idle connections proven alive at the end. Bounded in
/// connections and time; only what happens after the warm-up is measured.
/// </summary>
public sealed class FrameLoad(IPEndPoint target, FramesMode mode, int connections, TimeSpan duration, TimeSpan warmup,
    int size, int packet, int? serverPid, Action<string> progress, long? stopAfter = null)
{
    private static readonly byte[] BogusGet = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: lab\r\n\r\n");
    private readonly ErrorCounts _errors = new();
    private readonly LatencyRecorder _latency = new();
    private long _operations;
    private int _opened;

    public async Task<FramesResult> RunAsync(CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
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
                await stop.CancelAsync();
            }
        }, stop.Token);

        int? alive = null;
        if (mode == FramesMode.Hold)
        {
            alive = await HoldAsync(stop.Token);
            _latency.StopMeasuring();
        }
        else
        {
            var worker = mode == FramesMode.Echo ? (Func<int, CancellationToken, Task>)EchoAsync : RejectAsync;
            await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(() => worker(i, stop.Token), CancellationToken.None)));
        }
        await stop.CancelAsync();
        try { await timer; } catch (OperationCanceledException) { }

        var seconds = measured.Elapsed.TotalSeconds;
        self.Refresh();
        var (count, p50, p99, max) = _latency.Summarize();
        var ops = mode == FramesMode.Hold ? alive ?? 0 : Interlocked.Read(ref _operations);
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
            Errors = _errors.Snapshot(),
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

    private async Task EchoAsync(int index, CancellationToken stop)
    {
        using var socket = await ConnectAsync(stop);
        if (socket is null)
            return;
        var samples = _latency.ForWorker();
        var payload = new byte[size];
        for (var i = 12; i < size; i++)
            payload[i] = (byte)(i * 31 + index);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(8), index);
        var frame = PacketWriter.Encode(payload, packet);
        var echo = new byte[frame.Length];
        for (long seq = 0; !stop.IsCancellationRequested; seq++)
        {
            BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(packet), seq);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await socket.SendAsync(frame, SocketFlags.None, stop);
                await socket.ReceiveExactlyAsync(echo, stop);
            }
            catch (OperationCanceledException) { return; }
            catch (SocketException e) { _errors.Add(ErrnoName.Of(e)); return; }
            catch (EndOfStreamException) { _errors.Add("closed by server"); return; }
            if (!echo.AsSpan().SequenceEqual(frame))
                _errors.Add(Classify(echo, seq));
            else if (_latency.Measuring)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                Interlocked.Increment(ref _operations);
            }
        }
    }

    /// <summary>One frame is outstanding per connection, so a different sequence number means a frame
    /// went missing (ahead) or came back twice or late (behind).</summary>
    private string Classify(byte[] echo, long expected)
    {
        if (echo.Length < packet + 8)
            return "corrupted";
        var seq = BinaryPrimitives.ReadInt64BigEndian(echo.AsSpan(packet));
        return seq > expected ? "lost" : seq < expected ? "reordered" : "corrupted";
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
