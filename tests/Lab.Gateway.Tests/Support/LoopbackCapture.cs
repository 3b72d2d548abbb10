using Lab.Common.Processes;

namespace Lab.Gateway.Tests.Support;

/// <summary>The server side's first FIN or RST of each connection, read by tshark from a capture of one port
/// on lo (<see cref="LoopbackDumpcap"/>): an independent account to hold the gateway's <c>closeKind</c> against.</summary>
internal sealed class LoopbackCapture : IDisposable
{
    private readonly LoopbackDumpcap _dumpcap;
    private readonly int _serverPort;

    private LoopbackCapture(LoopbackDumpcap dumpcap, int serverPort)
    {
        _dumpcap = dumpcap;
        _serverPort = serverPort;
    }

    public static async Task<LoopbackCapture> StartAsync(int serverPort, string directory)
    {
        Directory.CreateDirectory(directory);
        return new LoopbackCapture(await LoopbackDumpcap.StartAsync(serverPort, Path.Combine(directory, "wire.pcapng")), serverPort);
    }

    /// <summary>Stops the capture and returns, per client port, the first FIN or RST the server side sent
    /// ("fin" or "rst"); a connection whose server side sent neither is absent.</summary>
    public async Task<IReadOnlyDictionary<int, string>> StopAndReadServerClosesAsync()
    {
        await _dumpcap.StopAsync();
        var closes = new Dictionary<int, string>();
        foreach (var line in await TsharkFields.ReadAsync(_dumpcap.Path, "tcp.srcport", "tcp.dstport", "tcp.flags.fin", "tcp.flags.reset"))
        {
            var f = line.Split(',');
            if (f.Length < 4 || int.Parse(f[0]) != _serverPort || closes.ContainsKey(int.Parse(f[1])))
                continue;
            if (IsSet(f[3]))
                closes[int.Parse(f[1])] = "rst";
            else if (IsSet(f[2]))
                closes[int.Parse(f[1])] = "fin";
        }
        return closes;
    }

    private static bool IsSet(string flag) => flag is "1" or "True" or "true";

    public void Dispose() => _dumpcap.Dispose();
}
