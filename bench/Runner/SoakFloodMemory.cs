using System.Globalization;

namespace Lab.Bench;

/// <summary>
/// The gateway's memory during the soak's flood, read while the flood's connections are open: VmRSS of
/// /proc/PID/status and the descriptor count, sampled every <see cref="Every"/> from the flood's start until
/// its load returns: while its connections are opened, held and echoed once each (the load closes each socket
/// after its echo, so RSS read after it returns is the gateway's with the flood gone). The peak RSS is judged
/// against the baseline; the most descriptors seen show that some sample fell while every served connection was held.
/// </summary>
internal sealed record SoakFloodMemory(long PeakRssKiB, int DescriptorsAtPeak, int MostDescriptors, int Samples)
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>The gateway's own descriptors move by a few between two reads (the runtime's, a log file reopened):
    /// the same slack as the churn's "descriptors back" check.</summary>
    public const int DescriptorSlack = 5;

    /// <summary>Runs <paramref name="work"/> and samples <paramref name="read"/> (RSS KiB, descriptors) at its
    /// start and every <paramref name="every"/> until it completes. A sample that fails (the process gone) is skipped.</summary>
    public static async Task<(T Result, SoakFloodMemory Memory)> SampleWhileAsync<T>(Func<Task<T>> work, Func<(long RssKiB, int Descriptors)> read, TimeSpan every)
    {
        var (peak, atPeak, most, samples) = (0L, 0, 0, 0);
        void Sample()
        {
            try
            {
                var (rss, fds) = read();
                samples++;
                most = Math.Max(most, fds);
                if (rss > peak)
                    (peak, atPeak) = (rss, fds);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // /proc/PID gone: the flood's own result says what happened.
            }
        }

        Sample();
        var running = work();
        using var timer = new PeriodicTimer(every);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, timer.WaitForNextTickAsync().AsTask());
            if (!running.IsCompleted)
                Sample();
        }
        return (await running, new SoakFloodMemory(peak, atPeak, most, samples));
    }

    /// <summary>The report line and, when the bound is broken or no sample saw the flood held, the mismatch.
    /// <paramref name="descriptorsBefore"/>: the gateway's descriptors before the flood; <paramref name="served"/>:
    /// connections the flood held (each one a descriptor in the gateway for the whole hold).</summary>
    public (string Line, string? Mismatch) Judge(long baselineKiB, double bound, int offered, int served, int descriptorsBefore)
    {
        var limit = (long)(baselineKiB * bound);
        var held = MostDescriptors + DescriptorSlack >= descriptorsBefore + served;
        var pass = Samples > 0 && served > 0 && held && PeakRssKiB <= limit;
        var line = $"RSS during the flood of {offered} connections (VmRSS every {Every.TotalMilliseconds:0} ms while they were opened, held and echoed; " +
                   $"{Samples} samples, at most {MostDescriptors} descriptors open vs {descriptorsBefore} before, {served} served): " +
                   $"peak {PeakRssKiB} KiB with {DescriptorsAtPeak} descriptors open vs {baselineKiB} KiB after the warm-up " +
                   (served == 0 ? "(NO DATA: the flood held no connection)" : $"({(pass ? "PASS" : "MISS")} ≤ {bound.ToString(CultureInfo.InvariantCulture)}× = {limit} KiB)");
        string? mismatch = null;
        if (served == 0)
            mismatch = $"NO DATA: the flood of {offered} connections held none, so its memory was not measured";
        else if (Samples == 0)
            mismatch = "no RSS sample during the flood";
        else if (!held)
            mismatch = $"no RSS sample fell while the flood's {served} served connections were held (at most {MostDescriptors} descriptors seen, {descriptorsBefore} before the flood)";
        else if (PeakRssKiB > limit)
            mismatch = $"RSS during the flood of {offered} connections peaked at {PeakRssKiB} KiB, over {bound.ToString(CultureInfo.InvariantCulture)} × the warm-up's {baselineKiB} KiB";
        return (line, mismatch);
    }
}
