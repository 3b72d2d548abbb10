using System.Net;
using System.Net.Sockets;
using Lab.Probes.Census;
using Lab.Probes.Kernel;

namespace Lab.Probes.Backlog;

/// <summary>
/// Inside a private namespace: a listener that does not accept, and clients connecting all at once.
/// Default: the accept queue fills (backlog + 1 connections), later SYNs are dropped (clients stay in
/// SYN_SENT, retransmitting), ListenOverflows rises; then the listener accepts and the queue drains.
/// --half-open: nftables drops the handshake's final ACK toward the listener (the SYN-flood signature):
/// the server holds SYN_RECV while every client believes it is ESTABLISHED.
/// </summary>
internal sealed class BacklogProbe(int backlog, int clients, bool halfOpen, TimeSpan duration, Action<string> progress)
{
    private static readonly IPEndPoint Endpoint = new(IPAddress.Loopback, 7001);

    public async Task<BacklogResult> RunAsync()
    {
        PrivateNetworkNamespace.Enter();
        if (halfOpen)
            DropFinalAcks(Endpoint.Port);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(Endpoint);
        listener.Listen(backlog);
        var before = NetstatCounters.Read();

        var sampler = new QueueSampler(Endpoint.Port);
        progress($"{clients} clients connect to a listener with backlog {backlog} that does not accept{(halfOpen ? ", final ACKs dropped" : "")}");
        var sockets = Enumerable.Range(0, clients).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        using var stop = new CancellationTokenSource();
        var connects = sockets.Select(s => s.ConnectAsync(Endpoint, stop.Token).AsTask()).ToList();
        await sampler.SampleForAsync(TimeSpan.FromSeconds(2), "not accepting");

        bool? alert = null;
        if (halfOpen)
        {
            alert = new TcpCensus(Endpoint.Port, false, false, SynAlert.Parse("50%")).Take().Listeners.Any(l => l.SynFloodAlert);
            progress($"census SYN-flood alert: {(alert == true ? "fires" : "silent")}");
            await sampler.SampleForAsync(duration - TimeSpan.FromSeconds(2), "half-open");
        }
        else
        {
            progress("the listener starts accepting: the queue drains as the waiting clients retransmit their SYNs");
            var accepted = new List<Socket>();
            var accepting = Task.Run(async () =>
            {
                try { while (true) accepted.Add(await listener.AcceptAsync(stop.Token)); }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
            });
            await sampler.SampleForAsync(duration - TimeSpan.FromSeconds(2), "accepting",
                s => s.ClientEstablished == clients && s.AcceptQueue == 0 && s.SynSent == 0);
            await stop.CancelAsync();
            await accepting;
            accepted.ForEach(a => a.Dispose());
        }
        await stop.CancelAsync();
        sockets.ForEach(s => s.Dispose());
        await Task.WhenAll(connects.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));

        var after = NetstatCounters.Read();
        return BacklogReport.Build(halfOpen ? "half-open" : "accept-queue", Endpoint.ToString(), backlog, clients, sampler.Samples,
            before, after, alert);
    }

    /// <summary>Drops segments toward the port that carry ACK without SYN, i.e. the handshake's final
    /// ACK (and anything after it), so the server never leaves SYN_RECV.</summary>
    private static void DropFinalAcks(int port) => Nftables.Apply($$"""
        table inet lab_backlog {
          chain input {
            type filter hook input priority 0; policy accept;
            tcp dport {{port}} tcp flags & (syn | ack) == ack drop
          }
        }
        """, "--half-open");
}
