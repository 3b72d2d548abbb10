using System.Net.Sockets;
using Lab.Framing;
using Lab.Probes.Kernel;

namespace Lab.Probes.Frames;

/// <summary>Hold mode: opens every connection (at most 500 connecting at once), holds them idle for the
/// whole run, then proves each alive with one echo.</summary>
internal sealed class HoldLoad(LoadConnector connector, int connections, int size, int packet, TimeSpan hold, ErrorCounts errors, Action<string> progress)
{
    private const int ConnectingAtOnce = 500;

    /// <summary>Returns how many connections answered their final echo correctly.</summary>
    /// <param name="interrupt">Ends the hold early: the connections opened so far are proven alive now.</param>
    public async Task<int> RunAsync(CancellationToken interrupt = default)
    {
        var sockets = new Socket?[connections];
        using var gate = new SemaphoreSlim(ConnectingAtOnce);
        progress($"opening {connections} connections (at most {ConnectingAtOnce} connecting at once)");
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
        {
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                if (!interrupt.IsCancellationRequested)
                    sockets[i] = await connector.ConnectAsync(CancellationToken.None);
            }
            finally { gate.Release(); }
        }));
        progress($"holding {connector.Opened} connections for {hold.TotalSeconds:0.#} s");
        try { await Task.Delay(hold, interrupt); } catch (OperationCanceledException) { }
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
                    errors.Add("corrupted");
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or EndOfStreamException)
            {
                errors.Add(e is SocketException s ? ErrnoName.Of(s) : e is EndOfStreamException ? "closed by server" : "timeout");
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
