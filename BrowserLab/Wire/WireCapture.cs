using System.Diagnostics;
using Lab.Common.Cli;

namespace Lab.BrowserLab.Wire;

/// <summary>
/// Records loopback traffic to the gateway's port with dumpcap (Debian's tshark package) into a pcapng
/// file, then reads it back with tshark, one line per TCP segment.
/// </summary>
internal sealed class WireCapture
{
    private readonly Process _dumpcap;

    private WireCapture(Process dumpcap, string path)
    {
        _dumpcap = dumpcap;
        Path = path;
    }

    public string Path { get; }

    /// <exception cref="UsageException">tshark/dumpcap is missing or cannot capture.</exception>
    public static async Task<WireCapture> StartAsync(int port, string path, Action<string> progress)
    {
        if (!File.Exists("/usr/bin/dumpcap") || !File.Exists("/usr/bin/tshark"))
            throw new UsageException("--capture needs tshark and dumpcap: install Debian's 'tshark' package (./lab setup does)");
        var info = new ProcessStartInfo("/usr/bin/dumpcap") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-i", "lo", "-f", $"tcp port {port}", "-w", path })
            info.ArgumentList.Add(a);
        var dumpcap = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        dumpcap.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.Add(e.Data);
            if (e.Data.StartsWith("Capturing on", StringComparison.Ordinal))
                ready.TrySetResult();
        };
        dumpcap.BeginErrorReadLine();
        var first = await Task.WhenAny(ready.Task, dumpcap.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(10)));
        if (first != ready.Task)
        {
            if (!dumpcap.HasExited)
                dumpcap.Kill();
            lock (errors)
                throw new UsageException($"--capture: dumpcap could not capture on lo (needs root or the wireshark group): {string.Join(" ", errors)}");
        }
        progress($"capturing tcp port {port} on lo into {path}");
        return new WireCapture(dumpcap, path);
    }

    public async Task<WireRecords> StopAndReadAsync()
    {
        // dumpcap flushes and closes the file on SIGINT, as on Ctrl+C.
        await Task.Delay(300);
        using (var kill = Process.Start("kill", ["-INT", _dumpcap.Id.ToString()]))
            await kill.WaitForExitAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await _dumpcap.WaitForExitAsync(timeout.Token);

        var info = new ProcessStartInfo("/usr/bin/tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-r", Path, "-T", "fields", "-E", "separator=,", "-e", "tcp.srcport", "-e", "tcp.dstport",
                     "-e", "tcp.flags.syn", "-e", "tcp.flags.ack", "-e", "tcp.flags.fin", "-e", "tcp.flags.reset",
                     "-e", "tcp.options.mss_val", "-e", "tcp.options.wscale.shift", "-e", "tcp.options.sack_perm",
                     "-e", "tcp.options.timestamp.tsval" })
            info.ArgumentList.Add(a);
        using var tshark = Process.Start(info)!;
        var lines = new List<string>();
        while (await tshark.StandardOutput.ReadLineAsync() is { } line)
            lines.Add(line);
        await tshark.WaitForExitAsync();
        return WireRecords.Parse(lines);
    }
}
