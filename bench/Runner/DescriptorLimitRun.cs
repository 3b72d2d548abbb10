using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using Lab.Common.Kernel;
using Lab.Probes.Frames;
using Lab.Logs;

namespace Lab.Bench;

/// <summary>
/// The soak's step at the real descriptor limit: a gateway without a cap is offered 300 connections more
/// than its <c>descriptors</c> line says it can hold. Measured: what it holds and what waits in its listen
/// queue (the kernel's count, /proc/net/tcp), its CPU while it sits at the limit, echoes on held
/// connections, how long 100 queued clients wait after 100 held ones close, and SIGTERM at the limit.
/// </summary>
internal sealed partial class DescriptorLimitRun(BenchPaths paths, Action<string> progress)
{
    private const int Beyond = 300;
    private const int Sample = 100;

    public async Task<(string[] Row, string Detail, RunLogCheck Check, IReadOnlyList<string> Misses)> RunAsync(string logs)
    {
        using var gateway = await ServerProcess.StartGatewayAsync(paths, logs, "--idle-timeout", "off", "--frame-timeout", "off", "--log-retain", "0");
        var descriptors = await WaitForLineAsync(logs, LogContract.Names.Descriptors, TimeSpan.FromSeconds(10));
        var capacity = long.Parse(DescriptorsLine().Match(descriptors).Groups[LogContract.Fields.Capacity].Value, CultureInfo.InvariantCulture);
        var offered = (int)capacity + Beyond;
        var own = Math.Min(9_000, offered / 2);
        progress($"descriptor limit: {descriptors.Split("] ")[1]}; offering {offered} connections ({own} from here, {offered - own} from a second process)");

        var sockets = await HeldClients.OpenAsync(gateway.EndPoint, own);
        using var helper = StartHelper(gateway.Port, offered - own);
        var held = await helper.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException(await helper.StandardError.ReadToEndAsync());
        var failing = await WaitForLineAsync(logs, LogContract.Names.AcceptFailing, TimeSpan.FromSeconds(60));
        await Task.Delay(2000); // what was queued before the pause is taken by now
        var queued = ListenQueue(gateway.Port);
        var fds = gateway.Descriptors();
        var rss = gateway.RssKiB();

        var cpuBefore = ProcessCpu.Seconds(gateway.Pid) ?? 0;
        await Task.Delay(TimeSpan.FromSeconds(5));
        var cpu = (ProcessCpu.Seconds(gateway.Pid) ?? 0) - cpuBefore;
        var echoed = await EchoAsync(sockets.Take(Sample));

        progress($"at the limit: {offered - queued} held, {queued} queued, {cpu:0.00} s CPU in 5 s; closing {Sample} held connections");
        var clock = Stopwatch.StartNew();
        foreach (var s in sockets.Skip(Sample).Take(Sample))
            s.Dispose();
        // The gateway resumes with 8 descriptors left free (its headroom), so it takes up to 100 − 8 of them.
        var target = queued - (Sample - 16);
        while (ListenQueue(gateway.Port) > target && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(5);
        var recovery = ListenQueue(gateway.Port) <= target ? $"{Sample - 16} queued accepted in {clock.ElapsedMilliseconds} ms" : $"not {Sample - 16} queued accepted within 10 s";
        await Task.Delay(1000);
        var queuedAfter = ListenQueue(gateway.Port);

        progress("SIGTERM at the limit");
        var stopping = Stopwatch.StartNew();
        await gateway.StopAsync();
        var stopSeconds = stopping.Elapsed.TotalSeconds;
        helper.StandardInput.Close();
        await helper.WaitForExitAsync();
        foreach (var s in sockets)
            s.Dispose();

        var check = RunLogCheck.Of(logs); // every pair, across rolled files (--log-retain 0)
        var failingLines = RunFiles.JsonLogFiles(logs).SelectMany(File.ReadLines).Count(l => l.Contains(LogContract.ClefNeedle(LogContract.Names.AcceptFailing), StringComparison.Ordinal));
        var row = new[]
        {
            "at the descriptor limit", offered.ToString(CultureInfo.InvariantCulture),
            $"{offered - queued} held, {queued} queued; CPU {cpu:0.00} s in 5 s; {echoed}/{Sample} echoed; {Sample} closed → {recovery}, {queued - queuedAfter} after 1 s more; SIGTERM exit {gateway.ExitCode} in {stopSeconds:0.0} s",
            fds.ToString(CultureInfo.InvariantCulture), rss.ToString(CultureInfo.InvariantCulture), echoed == Sample ? "none" : $"{Sample - echoed} echoes failed",
        };
        var detail = $"descriptor limit: {descriptors.Split("] ")[1]}; {failingLines} accept_failing line(s): {failing.Split("] ")[1]}; " +
                     $"{check.Inits} init ok, {check.Ends} do_terminate ({(check.Ok ? "a pair for every connection" : "MISMATCH")}); helper: {held}";
        return (row, detail, check, DescriptorLimitVerdict.Misses(echoed, Sample, gateway.ExitCode));
    }

    private static Process StartHelper(int port, int count)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Assembly.GetEntryAssembly()!.Location, "hold-clients", port.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static async Task<int> EchoAsync(IEnumerable<Socket> sockets)
    {
        var frame = new byte[] { 0, 0, 0, 4, 1, 2, 3, 4 };
        var ok = 0;
        foreach (var socket in sockets)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.SendAsync(frame, SocketFlags.None, timeout.Token);
                var echo = new byte[frame.Length];
                await socket.ReceiveExactlyAsync(echo, timeout.Token);
                ok += echo.AsSpan().SequenceEqual(frame) ? 1 : 0;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or EndOfStreamException)
            {
                // counted as not echoed
            }
        }
        return ok;
    }

    /// <summary>The listener's accept queue as the kernel counts it: Recv-Q of the LISTEN socket, from
    /// <c>ss</c> (a netlink query filtered in the kernel: milliseconds, where /proc/net/tcp with 40,000
    /// sockets takes a tenth of a second to read).</summary>
    internal static int ListenQueue(int port, NetworkNamespace? inside = null)
    {
        string[] args = ["-Hltn", "sport", "=", $":{port}"];
        var info = inside?.StartInfo("ss", args) ?? new ProcessStartInfo("ss", args) { RedirectStandardOutput = true };
        using var ss = Process.Start(info)!;
        var line = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 ? int.Parse(fields[1], CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<string> WaitForLineAsync(string logs, string eventName, TimeSpan timeout)
    {
        var path = Path.Combine(logs, RunFiles.TextLog);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path))
            {
                using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                while (await reader.ReadLineAsync() is { } line)
                    if (line.Contains(LogContract.TextNeedle(eventName), StringComparison.Ordinal))
                        return line;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"no {eventName} line in {path} after {timeout.TotalSeconds:0} s");
    }

    [GeneratedRegex(@"capacity=(?<capacity>\d+)")]
    private static partial Regex DescriptorsLine();
}
