using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lab.Common.Processes;
using Lab.Probes.Http;

namespace Lab.Bench;

/// <summary>
/// Row 8: is `probe http` a fair measuring instrument? The lab endpoint and nginx, each measured by
/// `probe http` (short and keep-alive), by `ab` (without and with -k) at the same concurrency, and by
/// `wrk` (keep-alive) for reference, all in this run.
/// </summary>
internal sealed partial class HttpCalibration(BenchPaths paths, int requests, int concurrency, Action<string> progress)
{
    /// <summary>Keep-alive runs take this many times the short runs' requests: 5,000 keep-alive
    /// requests last a fifth of a second here, too short to tell instrument from noise. Short runs
    /// stay at the given count: each request leaves a TIME_WAIT that holds its client port.</summary>
    public const int KeepAliveFactor = 4;

    public sealed record Row(string Server, string Mode, double ProbeRps, double AbRps, double? WrkRps)
    {
        public double Ratio => AbRps > 0 ? Math.Round(ProbeRps / AbRps, 2) : 0;
        public bool Pass => Ratio is >= 0.8 and <= 1.2;
    }

    public async Task<IReadOnlyList<Row>> RunAsync()
    {
        var rows = new List<Row>();
        var logs = Path.Combine(Path.GetTempPath(), $"lab-bench-http-{Guid.NewGuid():N}");
        using (var gateway = await ServerProcess.StartGatewayAsync(paths, logs, "--http-port", "0"))
            rows.AddRange(await MeasureAsync("lab endpoint", new Uri($"http://127.0.0.1:{gateway.HttpPort}/bench")));
        Directory.Delete(logs, recursive: true);
        using (var nginx = NginxServer.Start())
            rows.AddRange(await MeasureAsync("nginx", nginx.Url("/bench")));
        return rows;
    }

    private async Task<IEnumerable<Row>> MeasureAsync(string server, Uri url)
    {
        progress($"HTTP calibration: {server}, {requests} short and {requests * KeepAliveFactor} keep-alive requests, concurrency {concurrency}");
        // ab is native; the probe runs in this process and would otherwise pay its JIT inside a
        // measurement that lasts about a second.
        var warmUp = new HttpProbe(url, Math.Max(1, requests / 2), concurrency);
        await warmUp.RunAsync(HttpMode.Short);
        var shortProbe = (await new HttpProbe(url, requests, concurrency).RunAsync(HttpMode.Short)).Rps;
        var shortAb = await AbAsync(url, requests, keepAlive: false);
        await warmUp.RunAsync(HttpMode.KeepAlive);
        var keepProbe = (await new HttpProbe(url, requests * KeepAliveFactor, concurrency).RunAsync(HttpMode.KeepAlive)).Rps;
        var keepAb = await AbAsync(url, requests * KeepAliveFactor, keepAlive: true);
        var wrk = await WrkAsync(url);
        return [new Row(server, "short", shortProbe, shortAb, null), new Row(server, "keep-alive", keepProbe, keepAb, wrk)];
    }

    private async Task<double> AbAsync(Uri url, int requests, bool keepAlive)
    {
        string[] args = keepAlive ? ["-k", "-q", "-n", $"{requests}", "-c", $"{concurrency}", url.ToString()] : ["-q", "-n", $"{requests}", "-c", $"{concurrency}", url.ToString()];
        var output = await RunAsync("ab", args);
        return AbRate().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private async Task<double?> WrkAsync(Uri url)
    {
        var output = await RunAsync("wrk", ["-t", "1", "-c", $"{concurrency}", "-d", "3s", url.ToString()]);
        return WrkRate().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static async Task<string> RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }

    [GeneratedRegex(@"Requests per second:\s+([0-9.]+)")]
    private static partial Regex AbRate();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex WrkRate();
}
