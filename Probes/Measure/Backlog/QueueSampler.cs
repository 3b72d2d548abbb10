using System.Diagnostics;
using Lab.Probes.Kernel;

namespace Lab.Probes.Backlog;

/// <summary>Samples a listener's queues and its clients' states from the kernel's TCP table.</summary>
internal sealed class QueueSampler(int listenerPort)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    public List<BacklogSample> Samples { get; } = [];

    public BacklogSample Take(string phase)
    {
        var table = TcpTable.Read();
        var listener = table.FirstOrDefault(e => e.State == TcpState.Listen && e.Local.Port == listenerPort);
        var sample = new BacklogSample(
            Math.Round(_clock.Elapsed.TotalMilliseconds),
            (int)(listener?.RxQueue ?? 0), // for a listener, rx_queue is the accept queue's length
            table.Count(e => e.State == TcpState.SynRecv && e.Local.Port == listenerPort),
            table.Count(e => e.State == TcpState.SynSent && e.Remote.Port == listenerPort),
            table.Count(e => e.State == TcpState.Established && e.Remote.Port == listenerPort),
            phase);
        Samples.Add(sample);
        return sample;
    }

    public async Task SampleForAsync(TimeSpan duration, string phase, Func<BacklogSample, bool>? until = null)
    {
        var end = _clock.Elapsed + duration;
        while (_clock.Elapsed < end)
        {
            var sample = Take(phase);
            if (until?.Invoke(sample) == true)
                return;
            await Task.Delay(200);
        }
    }
}
