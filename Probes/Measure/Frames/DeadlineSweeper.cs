using System.Diagnostics;

namespace Lab.Probes.Frames;

/// <summary>
/// Wakes each echo connection whose oldest frame has passed its deadline, so that a connection blocked on
/// a server that stopped answering counts that frame lost and goes on. It looks every tenth of the
/// deadline (1 to 100 ms); whether a reply is late is decided by the connection itself, on the clock
/// reading taken when the reply was read, so the tick only bounds how long a silent server holds a loop.
/// </summary>
internal sealed class DeadlineSweeper(int connections, TimeSpan deadline)
{
    private readonly EchoConnection?[] _echoes = new EchoConnection?[connections];

    public long DeadlineTicks { get; } = (long)(deadline.TotalSeconds * Stopwatch.Frequency);

    public IEnumerable<EchoConnection> Watched => _echoes.OfType<EchoConnection>();

    public void Watch(int index, EchoConnection echo) => Volatile.Write(ref _echoes[index], echo);

    public async Task RunAsync(CancellationToken done)
    {
        var tick = TimeSpan.FromTicks(Math.Clamp(deadline.Ticks / 10, TimeSpan.TicksPerMillisecond, 100 * TimeSpan.TicksPerMillisecond));
        using var timer = new PeriodicTimer(tick);
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                var expired = Stopwatch.GetTimestamp() - DeadlineTicks;
                for (var i = 0; i < _echoes.Length; i++)
                {
                    if (Volatile.Read(ref _echoes[i]) is { } echo && echo.OldestSentAt <= expired)
                        echo.Wake();
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
