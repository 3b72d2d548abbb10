using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Logs;

namespace Lab.Bench.SlowReaders;

/// <summary>
/// The soak's slow readers: a gateway with <c>--max-connections</c> equal to their number, each sending
/// 4 KiB frames as fast as it takes them and never reading (a 4 KiB receive buffer), while a fresh client
/// tries one echo a second and the gateway's RSS is sampled every 100 ms (from a baseline taken after ordinary
/// echo traffic and one slow reader run to its reset, so what is judged is what each reader holds, not the code
/// their path compiles once); then SIGTERM and its log.
/// Judged by <see cref="SlowReaderVerdict"/>. Every socket is on loopback, and the step ends at its hold.
/// </summary>
internal sealed class SlowReaderSoak(BenchPaths paths, int readers, TimeSpan hold, Action<string> progress)
{
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);
    public const long MaxPendingOutput = 64 * 1024;

    public async Task<(IReadOnlyList<string> Lines, IReadOnlyList<string> Misses)> RunAsync(string logs)
    {
        progress($"slow readers: {readers} clients that never read, --max-connections {readers} --send-timeout 5s, for {hold.TotalSeconds:0} s; a fresh client every second");
        using var gateway = await ServerProcess.StartGatewayAsync(paths, logs, "--max-connections", readers.ToString(CultureInfo.InvariantCulture),
            "--send-timeout", "5s", "--max-pending-output", "64KB", "--log-retain", "0");
        await WarmUpAsync(gateway.EndPoint);
        await Task.Delay(1000);
        var cold = gateway.RssKiB();
        var chunk = Enumerable.Repeat(PacketWriter.Encode(new byte[4096], 4), 16).SelectMany(f => f).ToArray();
        var warmUpReset = await WarmUpReaderAsync(gateway.EndPoint, chunk);
        await Task.Delay(1000);
        var baseline = gateway.RssKiB();
        var baselineAnon = gateway.RssAnonKiB();
        var peak = baseline;
        var peakAnon = baselineAnon;
        var clock = Stopwatch.StartNew();
        var sockets = new Socket?[readers];
        var ended = new double?[readers];
        var fresh = new List<(double, bool)>();
        try
        {
            // The first fifth alone for 2 s, then the rest: the RSS between the two is what the first readers cost
            // with the runtime's one-time growth, the rest what each further reader adds (shown, not judged).
            var first = Math.Max(1, readers / 5);
            await ConnectAsync(gateway.EndPoint, sockets, 0, first);
            var afterFirst = baseline;
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                for (var i = 0; i < first; i++)
                    SendUntilFull(sockets[i]!, chunk);
                afterFirst = Math.Max(afterFirst, gateway.RssKiB());
                await Task.Delay(100);
            }
            await ConnectAsync(gateway.EndPoint, sockets, first, readers);
            var lastConnected = clock.Elapsed.TotalSeconds;
            var nextFresh = 0.0;
            while (clock.Elapsed < hold)
            {
                for (var i = 0; i < readers; i++)
                {
                    if (sockets[i] is { } socket && !SendUntilFull(socket, chunk))
                    {
                        ended[i] = clock.Elapsed.TotalSeconds;
                        socket.Dispose();
                        sockets[i] = null;
                    }
                }
                var (rss, anon) = (gateway.RssKiB(), gateway.RssAnonKiB());
                if (rss > peak)
                    (peak, peakAnon) = (rss, anon);
                if (clock.Elapsed.TotalSeconds >= nextFresh)
                {
                    fresh.Add((clock.Elapsed.TotalSeconds, await FreshEchoAsync(gateway.EndPoint)));
                    nextFresh += 1;
                }
                await Task.Delay(100);
            }
            foreach (var socket in sockets)
                socket?.Dispose();
            await gateway.StopAsync();
            var logged = File.ReadLines(Path.Combine(logs, RunFiles.JsonLog))
                .Count(l => l.Contains($"\"{LogContract.Fields.Reason}\":\"{TerminateReason.SendTimeout.ToLogName()}\"", StringComparison.Ordinal)
                            && l.Contains($"\"{LogContract.Fields.CloseKind}\":\"{CloseKind.Rst.ToLogName()}\"", StringComparison.Ordinal));
            var sample = new SlowReaderSample(ended, lastConnected, fresh, baseline, peak, logged, first, afterFirst, baselineAnon, peakAnon,
                WarmUpReaders: 1, WarmUpResets: warmUpReset ? 1 : 0, ColdRssKiB: cold);
            return SlowReaderVerdict.Judge(sample, SendTimeout, MaxPendingOutput);
        }
        finally
        {
            foreach (var socket in sockets)
                socket?.Dispose();
        }
    }

    /// <summary>Ordinary clients first, five that echo 2 MB each and read every echo: the runtime's first growth
    /// (JIT, the GC's first regions) lands before the baseline, as the flood's baseline follows the churn's
    /// warm-up round, so what is judged is what the slow readers hold.</summary>
    private static async Task WarmUpAsync(IPEndPoint endpoint)
    {
        var frame = PacketWriter.Encode(new byte[4096], 4);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endpoint);
            var echo = new byte[frame.Length];
            for (var i = 0; i < 500; i++)
            {
                await socket.SendAsync(frame, SocketFlags.None);
                var got = 0;
                while (got < echo.Length)
                    got += await socket.ReceiveAsync(echo.AsMemory(got), SocketFlags.None) is > 0 and var n ? n : throw new IOException("the gateway closed a warm-up client");
            }
        }));
    }

    /// <summary>One slow reader before the baseline, held until the gateway resets it (at most the send timeout and
    /// 3 s): the code of a slow reader's path (back-pressure, the send timeout, the reset) is compiled once, not per
    /// reader. True when it was reset.</summary>
    private static async Task<bool> WarmUpReaderAsync(IPEndPoint endpoint, byte[] chunk)
    {
        var one = new Socket?[1];
        await ConnectAsync(endpoint, one, 0, 1);
        using var socket = one[0]!;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < SendTimeout + TimeSpan.FromSeconds(3))
        {
            if (!SendUntilFull(socket, chunk))
                return true;
            await Task.Delay(100);
        }
        return false;
    }

    private static async Task ConnectAsync(IPEndPoint endpoint, Socket?[] sockets, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
            await socket.ConnectAsync(endpoint);
            socket.Blocking = false;
            sockets[i] = socket;
        }
    }

    /// <summary>Sends until the kernel takes no more; false once the gateway has ended the connection.</summary>
    private static bool SendUntilFull(Socket socket, byte[] chunk)
    {
        try
        {
            while (true)
                socket.Send(chunk);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // reset (ECONNRESET, or EPIPE once the reset arrived)
        }
    }

    private static async Task<bool> FreshEchoAsync(IPEndPoint endpoint)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var frame = PacketWriter.Encode("fresh"u8, 4);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
            await socket.SendAsync(frame, SocketFlags.None, timeout.Token);
            var echo = new byte[frame.Length];
            var got = 0;
            while (got < echo.Length)
            {
                var n = await socket.ReceiveAsync(echo.AsMemory(got), SocketFlags.None, timeout.Token);
                if (n == 0)
                    return false; // refused at the cap: accepted, logged, closed
                got += n;
            }
            return echo.AsSpan().SequenceEqual(frame);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
