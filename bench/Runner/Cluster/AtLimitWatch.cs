using System.Diagnostics;
using Lab.Probes.Frames;
using Lab.Logs;

namespace Lab.Bench.Cluster;

/// <summary>
/// Watches a gateway this run started while the engine loads it: if it logs <c>accept_failing</c> (its
/// descriptor limit reached, accepting paused), looks at it once from outside (<see cref="AtLimitObservation"/>).
/// Whether it served what it held and recovered is read after the run: every held connection's echo, the
/// queued connections accepted once held ones closed (init ok = the engine's connections), <c>accept_recovered</c>.
/// </summary>
internal static class AtLimitWatch
{
    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CpuWindow = TimeSpan.FromSeconds(5);

    /// <summary>Null when the gateway never reached its limit before <paramref name="stop"/>.</summary>
    public static async Task<AtLimitObservation?> WatchAsync(ServerProcess gateway, string logs, Action<string> progress, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var path = Path.Combine(logs, RunFiles.TextLog);
        long position = 0;
        try
        {
            while (true)
            {
                if (File.Exists(path) && Found(path, ref position))
                    break;
                await Task.Delay(250, stop);
            }
            // Looked at once the listen queue stops growing (users may still be starting): unchanged over a
            // second, twice, or 30 s after the limit at most.
            var queued = DescriptorLimitRun.ListenQueue(gateway.Port, gateway.Inside);
            var steady = 0;
            var limit = clock.Elapsed + MaxSettle;
            while (steady < 2 && clock.Elapsed < limit)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                var now = DescriptorLimitRun.ListenQueue(gateway.Port, gateway.Inside);
                steady = now == queued ? steady + 1 : 0;
                queued = now;
            }
            var found = clock.Elapsed.TotalSeconds;
            var descriptors = gateway.Descriptors();
            progress($"gateway at its descriptor limit {found:0} s in: {descriptors} descriptors, {queued} connections queued unaccepted; its CPU over 5 s next");
            var rss = gateway.RssKiB();
            var before = ProcessCpu.Seconds(gateway.Pid) ?? 0;
            await Task.Delay(CpuWindow, stop);
            var cpu = (ProcessCpu.Seconds(gateway.Pid) ?? 0) - before;
            return new AtLimitObservation(found, gateway.ExitCode is null, descriptors, queued, cpu, rss);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads gateway.log's complete lines from where the last look stopped (the file only grows
    /// during a run; a line still being written is read whole next time).</summary>
    private static bool Found(string path, ref long position)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(position, SeekOrigin.Begin);
        var bytes = new byte[stream.Length - position];
        stream.ReadExactly(bytes);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        position += complete;
        return System.Text.Encoding.UTF8.GetString(bytes, 0, complete).Contains(LogContract.TextNeedle(LogContract.Names.AcceptFailing), StringComparison.Ordinal);
    }
}
