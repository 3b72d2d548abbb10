using System.Diagnostics;

namespace Lab.Gateway.Tests.Support;

/// <summary>dumpcap on lo for one server port, read back with tshark: an independent account of what each
/// connection's server side put on the wire, to hold the gateway's <c>closeKind</c> against.</summary>
internal sealed class LoopbackCapture : IDisposable
{
    private readonly Process _dumpcap;
    private readonly int _serverPort;

    private LoopbackCapture(Process dumpcap, string path, int serverPort)
    {
        _dumpcap = dumpcap;
        Path = path;
        _serverPort = serverPort;
    }

    public string Path { get; }

    public static async Task<LoopbackCapture> StartAsync(int serverPort, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, "wire.pcapng");
        var info = new ProcessStartInfo("/usr/bin/dumpcap") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-i", "lo", "-f", $"tcp port {serverPort}", "-w", path })
            info.ArgumentList.Add(a);
        var dumpcap = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dumpcap.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("Capturing on", StringComparison.Ordinal) == true)
                ready.TrySetResult();
        };
        dumpcap.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(10))) != ready.Task)
        {
            dumpcap.Kill();
            throw new InvalidOperationException("dumpcap did not start capturing on lo within 10 s (tshark installed? root?)");
        }
        await Task.Delay(500); // "Capturing on" comes a moment before the first packet is recorded
        return new LoopbackCapture(dumpcap, path, serverPort);
    }

    /// <summary>Stops the capture and returns, per client port, the first FIN or RST the server side sent
    /// ("fin" or "rst"); a connection whose server side sent neither is absent.</summary>
    public async Task<IReadOnlyDictionary<int, string>> StopAndReadServerClosesAsync()
    {
        await Task.Delay(300); // the last segments reach the capture
        using (var interrupt = Process.Start("kill", ["-INT", _dumpcap.Id.ToString()]))
            await interrupt.WaitForExitAsync();
        await _dumpcap.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var info = new ProcessStartInfo("/usr/bin/tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-r", Path, "-T", "fields", "-E", "separator=,", "-e", "tcp.srcport", "-e", "tcp.dstport",
                     "-e", "tcp.flags.fin", "-e", "tcp.flags.reset" })
            info.ArgumentList.Add(a);
        using var tshark = Process.Start(info)!;
        var closes = new Dictionary<int, string>();
        while (await tshark.StandardOutput.ReadLineAsync() is { } line)
        {
            var f = line.Split(',');
            if (f.Length < 4 || int.Parse(f[0]) != _serverPort)
                continue;
            var client = int.Parse(f[1]);
            if (closes.ContainsKey(client))
                continue;
            if (IsSet(f[3]))
                closes[client] = "rst";
            else if (IsSet(f[2]))
                closes[client] = "fin";
        }
        await tshark.WaitForExitAsync();
        return closes;
    }

    private static bool IsSet(string flag) => flag is "1" or "True" or "true";

    public void Dispose()
    {
        if (!_dumpcap.HasExited)
            _dumpcap.Kill();
        _dumpcap.Dispose();
    }
}
