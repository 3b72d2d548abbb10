using System.Diagnostics;

namespace Lab.Common.Processes;

/// <summary>
/// dumpcap (Debian's tshark package) recording one TCP port's traffic on lo (or another interface) into a pcapng file, for
/// BrowserLab's <c>--capture</c> and the tests that hold a log against the wire. Started once it says it
/// captures (and a moment more: "Capturing on" comes just before the first packet is recorded); stopped
/// with SIGINT, as on Ctrl+C, which makes it flush and close the file.
/// </summary>
internal sealed class LoopbackDumpcap : IDisposable
{
    private readonly Process _dumpcap;

    private LoopbackDumpcap(Process dumpcap, string path)
    {
        _dumpcap = dumpcap;
        Path = path;
    }

    public string Path { get; }

    public static bool IsInstalled => File.Exists("/usr/bin/dumpcap") && File.Exists("/usr/bin/tshark");

    /// <exception cref="InvalidOperationException">dumpcap did not start capturing within 10 s; the message has what it said.</exception>
    /// <param name="device">The interface: lo unless a probe records a veth of its own namespace.</param>
    public static async Task<LoopbackDumpcap> StartAsync(int port, string path, string device = "lo")
    {
        var info = new ProcessStartInfo("/usr/bin/dumpcap") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-i", device, "-f", $"tcp port {port}", "-w", path })
            info.ArgumentList.Add(a);
        var dumpcap = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        dumpcap.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (errors)
                errors.Add(e.Data);
            if (e.Data.StartsWith("Capturing on", StringComparison.Ordinal))
                ready.TrySetResult();
        };
        dumpcap.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, dumpcap.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(10))) != ready.Task)
        {
            if (!dumpcap.HasExited)
                dumpcap.Kill();
            lock (errors)
                throw new InvalidOperationException($"dumpcap could not capture on {device}: {string.Join(" ", errors)}");
        }
        await Task.Delay(500);
        return new LoopbackDumpcap(dumpcap, path);
    }

    /// <summary>Lets the last segments reach the capture, then stops dumpcap and waits for the file to be closed.</summary>
    public async Task StopAsync()
    {
        await Task.Delay(300);
        using (var interrupt = Process.Start("kill", ["-INT", _dumpcap.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await interrupt.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _dumpcap.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!_dumpcap.HasExited)
            _dumpcap.Kill();
        _dumpcap.Dispose();
    }
}
