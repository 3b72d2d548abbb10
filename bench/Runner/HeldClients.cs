using System.Net;
using System.Net.Sockets;

namespace Lab.Bench;

/// <summary>Idle client connections, opened 500 at a time. A process may hold no more descriptors than
/// its own limit (20,000 here), so offering a gateway more than its limit takes two processes:
/// <c>LabBench hold-clients PORT COUNT</c> is the second one.</summary>
public static class HeldClients
{
    public static async Task<List<Socket>> OpenAsync(IPEndPoint target, int count)
    {
        var sockets = new Socket[count];
        using var gate = new SemaphoreSlim(500);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.ConnectAsync(target, timeout.Token);
                sockets[i] = socket;
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. sockets];
    }

    /// <summary>The child's side: open, say <c>held N</c> on stdout, hold until stdin closes.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[1], out var port) || !int.TryParse(args[2], out var count) || count is < 1 or > 19_000)
        {
            Console.Error.WriteLine("error: usage: LabBench hold-clients PORT COUNT (1-19000 connections to 127.0.0.1:PORT)");
            return 2;
        }
        var sockets = await OpenAsync(new IPEndPoint(IPAddress.Loopback, port), count);
        Console.WriteLine($"held {sockets.Count}");
        await Console.In.ReadToEndAsync();
        foreach (var s in sockets)
            s.Dispose();
        return 0;
    }
}
