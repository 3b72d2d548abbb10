using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lab.Common.Cli;
using Lab.Probes.Kernel;

namespace Lab.Probes.KeepAlive;

/// <summary>
/// Inside a private namespace: two connections across a veth pair to a second namespace, one with
/// SO_KEEPALIVE and the given per-socket settings, one without; then the path dies silently and each
/// waits in recv(). The keepalive one learns (ETIMEDOUT) after about idle + interval × count; the other
/// never does, within a bounded wait.
/// </summary>
internal sealed class KeepAliveProbe(KeepAliveSettings settings, Action<string> progress)
{
    public async Task<KeepAliveResult> RunAsync()
    {
        PrivateNetworkNamespace.Enter();
        // The outer namespace is bounded by the same time (KeepAliveCommand).
        using var pair = new VethPair(settings.DetectionTime + TimeSpan.FromSeconds(45));
        var peer = new IPEndPoint(IPAddress.Parse(VethPair.There), VethPair.Port);
        using var on = await ConnectAsync(peer);
        using var off = await ConnectAsync(peer);
        on.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        on.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)settings.Idle.TotalSeconds);
        on.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)settings.Interval.TotalSeconds);
        on.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, settings.Count);

        progress($"path to {peer} dies silently (packets dropped, no FIN/RST); waiting in recv() on both connections");
        pair.KillPath();
        var clock = Stopwatch.StartNew();
        var bound = settings.DetectionTime + TimeSpan.FromSeconds(3);
        var onTask = WaitForErrorAsync(on, clock, bound);
        var offTask = WaitForErrorAsync(off, clock, bound);
        var (onAfter, onError) = await onTask;
        var (offAfter, _) = await offTask;
        return new KeepAliveResult
        {
            IdleSeconds = settings.Idle.TotalSeconds,
            IntervalSeconds = settings.Interval.TotalSeconds,
            Count = settings.Count,
            ExpectedSeconds = settings.DetectionTime.TotalSeconds,
            DetectedAfterSeconds = onAfter is { } a ? Math.Round(a.TotalSeconds, 2) : null,
            Error = onError,
            OffLearned = offAfter is not null,
            OffWaitedSeconds = Math.Round(bound.TotalSeconds, 1),
            WindowsFigures = WindowsKeepAlive.Figures(),
        };
    }

    /// <summary>Connects while the peer is still configuring its end: each attempt bounded at 1 s (an
    /// unanswered SYN would otherwise wait through the kernel's retries, about two minutes), 15 s in all.</summary>
    private static async Task<Socket> ConnectAsync(IPEndPoint peer)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await s.ConnectAsync(peer, attempt.Token);
                return s;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                s.Dispose();
                if (DateTime.UtcNow > deadline)
                    throw new MeasurementException($"the peer namespace did not accept a connection on {peer} within 15 s");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Waits in recv() until an error or end of stream, at most <paramref name="bound"/>.</summary>
    private static async Task<(TimeSpan? After, string? Error)> WaitForErrorAsync(Socket socket, Stopwatch clock, TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        try
        {
            var n = await socket.ReceiveAsync(new byte[16], SocketFlags.None, cts.Token);
            return (clock.Elapsed, n == 0 ? "EOF" : "data");
        }
        catch (SocketException e)
        {
            return (clock.Elapsed, ErrnoName.Of(e));
        }
        catch (OperationCanceledException)
        {
            return (null, null);
        }
    }
}
