using Lab.Common.Cli;
using Lab.Common.Processes;

namespace Lab.BrowserLab.Wire;

/// <summary>
/// Records loopback traffic to the gateway's port with dumpcap into a pcapng file (<see cref="LoopbackDumpcap"/>),
/// then reads it back with tshark, one line per TCP segment.
/// </summary>
internal sealed class WireCapture
{
    private readonly LoopbackDumpcap _dumpcap;

    private WireCapture(LoopbackDumpcap dumpcap) => _dumpcap = dumpcap;

    public string Path => _dumpcap.Path;

    /// <exception cref="UsageException">tshark/dumpcap is missing or cannot capture.</exception>
    public static async Task<WireCapture> StartAsync(int port, string path, Action<string> progress)
    {
        if (!LoopbackDumpcap.IsInstalled)
            throw new UsageException("--capture needs tshark and dumpcap: install Debian's 'tshark' package (./lab setup does)");
        LoopbackDumpcap dumpcap;
        try
        {
            dumpcap = await LoopbackDumpcap.StartAsync(port, path);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"--capture: {e.Message} (needs root or the wireshark group)");
        }
        progress($"capturing tcp port {port} on lo into {path}");
        return new WireCapture(dumpcap);
    }

    public async Task<WireRecords> StopAndReadAsync()
    {
        await _dumpcap.StopAsync();
        _dumpcap.Dispose();
        return WireRecords.Parse(await TsharkFields.ReadAsync(Path, "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack",
            "tcp.flags.fin", "tcp.flags.reset", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm",
            "tcp.options.timestamp.tsval"));
    }
}
