namespace Lab.Probes.Frames;

/// <summary>Echo mode: every connection keeps <c>depth</c> numbered frames in flight; a sweeper counts a
/// frame lost at its deadline, and each connection counts late, reordered and corrupted replies.</summary>
internal sealed class EchoLoad(LoadConnector connector, int connections, int size, int packet, int depth, TimeSpan deadline,
    LatencyRecorder latency, ErrorCounts errors)
{
    /// <summary>Runs every echo connection and the deadline sweeper; returns the echoes counted while measuring.</summary>
    /// <param name="stop">The window is over: send no more.</param>
    /// <param name="hard">Stop waiting for the frames still in flight.</param>
    public async Task<long> RunAsync(CancellationToken stop, CancellationToken hard)
    {
        var sweeper = new DeadlineSweeper(connections, deadline);
        using var done = new CancellationTokenSource();
        var sweeping = sweeper.RunAsync(done.Token);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            using var socket = await connector.ConnectAsync(stop);
            if (socket is null)
                return;
            var echo = new EchoConnection(socket, i, size, packet, depth, sweeper.DeadlineTicks, latency);
            sweeper.Watch(i, echo);
            await echo.RunAsync(stop, hard, errors);
        }, CancellationToken.None)));
        await done.CancelAsync();
        await sweeping;
        var echoed = 0L;
        foreach (var echo in sweeper.Watched)
        {
            echo.CountInto(errors);
            echoed += echo.Echoed;
        }
        return echoed;
    }
}
