using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Transport;

/// <summary>
/// A rejected frame connection runs from accept to close without waking a thread-pool worker, counted by the kernel:
/// the context switches of the gateway's <c>.NET TP Worker</c> threads (<c>/proc/PID/task/*/status</c>). Kestrel's
/// socket connection queued every close to the pool to fire its ConnectionClosed token, a worker woken per
/// connection; the gateway's own connection makes that token only when asked.
/// </summary>
public class ThreadPoolWakeupsTests
{
    private const int Connections = 1_000;
    private const string WorkerThreadName = ".NET TP Worker";

    [Fact]
    public async Task ARejectedConnectionWakesNoThreadPoolWorker()
    {
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "off", "--logs",
            TestGateway.ArtifactDirectory("thread-pool-wakeups"));
        var port = await gateway.WaitForFramesPortAsync();
        await RejectedAsync(port, 50); // the first connections compile the path and start whatever the runtime starts once

        var before = WorkerSwitches(gateway.Process.Id);
        var clock = Stopwatch.StartNew();
        await RejectedAsync(port, Connections);
        var elapsed = clock.Elapsed;
        var after = WorkerSwitches(gateway.Process.Id);
        // The pool also runs the gateway's timers (log flushes, the heartbeat): what they cost in as long again with
        // no connection is not the connections'.
        await Task.Delay(elapsed);
        var idle = WorkerSwitches(gateway.Process.Id) - after;

        var woken = after - before - idle;
        Assert.True(woken < Connections / 4,
            $"the thread pool's workers switched {after - before} times during {Connections} rejected connections, one at a " +
            $"time ({elapsed.TotalMilliseconds:F0} ms), and {idle} times in as long again idle; {woken} are the connections' " +
            $"(workers: {before.Count} threads before, {after.Count} after)");
    }

    /// <summary>One bogus <c>GET </c> after another, each read until the gateway closes it.</summary>
    private static async Task RejectedAsync(int port, int count)
    {
        var request = "GET /anything HTTP/1.1\r\nHost: lab\r\n\r\n"u8.ToArray();
        var buffer = new byte[1024];
        for (var i = 0; i < count; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(request, SocketFlags.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
        }
    }

    private static WorkerCount WorkerSwitches(int pid)
    {
        long switches = 0;
        var threads = 0;
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != WorkerThreadName)
                    continue;
                threads++;
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    // A wakeup ends in a voluntary switch (the worker waits again); preemptions (nonvoluntary) count
                    // the machine's load on a thread already running, not a wakeup.
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                        switches += long.Parse(line[(line.IndexOf(':') + 1)..].Trim());
                }
            }
            catch (IOException)
            {
                // the thread ended between the listing and the read: its switches are gone with it
            }
        }
        return new WorkerCount(switches, threads);
    }

    private readonly record struct WorkerCount(long Switches, int Count)
    {
        public static long operator -(WorkerCount after, WorkerCount before) => after.Switches - before.Switches;
    }
}
