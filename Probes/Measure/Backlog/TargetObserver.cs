using System.Net;
using System.Net.Sockets;
using Lab.Probes.Kernel;

namespace Lab.Probes.Backlog;

/// <summary>
/// The same observation against a running server on this machine (<c>--target</c>): C clients connect
/// at once and hold their connections while the queues are sampled, then close. No namespace: nothing
/// is changed, and the counters are the host's (other traffic counts in them too).
/// </summary>
internal sealed class TargetObserver(IPEndPoint target, int clients, TimeSpan duration, Action<string> progress)
{
    public async Task<BacklogResult> RunAsync()
    {
        var before = NetstatCounters.Read();
        var sampler = new QueueSampler(target.Port);
        progress($"{clients} clients connect to {target} at once and hold");
        var sockets = Enumerable.Range(0, clients).Select(_ => new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp)).ToList();
        using var stop = new CancellationTokenSource();
        var connects = sockets.Select(s => s.ConnectAsync(target, stop.Token).AsTask()).ToList();
        await sampler.SampleForAsync(duration, "holding");
        await stop.CancelAsync();
        sockets.ForEach(s => s.Dispose());
        await Task.WhenAll(connects.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        var backlog = Census.ListenerBacklogs.Read().FirstOrDefault(l => l.Key.Port == target.Port).Value.Backlog;
        return BacklogReport.Build("target", target.ToString(), backlog, clients, sampler.Samples, before, NetstatCounters.Read(), null);
    }
}
