using System.Net;
using System.Net.Sockets;

namespace Lab.Probes.Ports;

/// <summary>A listener that accepts everything in the background and can close what it accepted.</summary>
internal sealed class AcceptingListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();

    public AcceptingListener(IPEndPoint endpoint)
    {
        _listener.Bind(endpoint);
        _listener.Listen(4096);
        _ = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var s = await _listener.AcceptAsync(_stop.Token);
                    lock (_accepted) _accepted.Add(s);
                    _ = DrainAsync(s);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        });
    }

    public int AcceptedCount
    {
        get { lock (_accepted) return _accepted.Count; }
    }

    /// <summary>Waits (at most 2 s) until the background loop has taken <paramref name="count"/> connections.</summary>
    public async Task WaitAcceptedAsync(int count)
    {
        for (var i = 0; i < 200 && AcceptedCount < count; i++)
            await Task.Delay(10);
    }

    public void CloseAccepted()
    {
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
            _accepted.Clear();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        CloseAccepted();
    }

    // Reads until the client closes, then closes too, so short connections finish cleanly.
    private static async Task DrainAsync(Socket s)
    {
        try
        {
            var buffer = new byte[64];
            while (await s.ReceiveAsync(buffer, SocketFlags.None) > 0) { }
            s.Dispose();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }
}
