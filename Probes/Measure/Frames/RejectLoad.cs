using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Lab.Probes.Kernel;

namespace Lab.Probes.Frames;

/// <summary>Reject mode: each loop connects, sends a bogus GET, reads until the server closes, then closes
/// abortively (linger 0) so neither side keeps TIME_WAIT; cycles are counted while measuring.</summary>
internal sealed class RejectLoad(LoadConnector connector, int loops, LatencyRecorder latency, ErrorCounts errors, long? stopAfter)
{
    private static readonly byte[] BogusGet = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: lab\r\n\r\n");
    private long _cycles;

    /// <summary>Cycles completed since the window opened (<see cref="StartCounting"/>).</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    /// <summary>The warm-up is over: count from zero.</summary>
    public void StartCounting() => Interlocked.Exchange(ref _cycles, 0);

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(stop), CancellationToken.None)));

    private async Task LoopAsync(CancellationToken stop)
    {
        var samples = latency.ForWorker();
        var sink = new byte[1024];
        while (!stop.IsCancellationRequested && !(Cycles >= stopAfter))
        {
            var started = Stopwatch.GetTimestamp();
            // The connect is not cancelled by the stop: one cancelled mid-handshake can reach the server anyway and be
            // closed with nothing sent; each loop makes at most one more cycle after the stop instead.
            using var socket = await connector.ConnectAsync(CancellationToken.None);
            if (socket is null)
            {
                if (stop.IsCancellationRequested)
                    return;
                await Task.Delay(10, CancellationToken.None);
                continue;
            }
            try
            {
                // Once connected the cycle always sends its head, stop or not: a connection closed with nothing sent would
                // read, in the gateway's logs, as a client's unused preconnect (the signature the lab looks for in browsers).
                await socket.SendAsync(BogusGet, SocketFlags.None, CancellationToken.None);
                while (await socket.ReceiveAsync(sink, SocketFlags.None, stop) > 0) { }
            }
            catch (OperationCanceledException) { return; }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { } // an rst policy ends the cycle this way
            catch (SocketException e) { errors.Add(ErrnoName.Of(e)); continue; }
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            if (latency.Measuring)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                if (Interlocked.Increment(ref _cycles) >= stopAfter)
                    return; // enough cycles: the other loops finish theirs and stop too
            }
        }
    }
}
