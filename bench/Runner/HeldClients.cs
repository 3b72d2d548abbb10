using System.Net;
using System.Net.Sockets;

namespace Lab.Bench;

/// <summary>Idle client connections, opened 500 at a time. A process may hold no more descriptors than
/// its own limit (20,000 here), so offering a gateway more than its limit takes two processes:
/// <c>LabBench hold-clients PORT COUNT</c> (<see cref="Cli.HoldClientsCommand"/>) is the second one.</summary>
internal static class HeldClients
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
}
