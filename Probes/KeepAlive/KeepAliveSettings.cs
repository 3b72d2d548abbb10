using Lab.Common.Cli;

namespace Lab.Probes.KeepAlive;

/// <summary>Per-socket keepalive: first probe after <see cref="Idle"/> without traffic, then every
/// <see cref="Interval"/>; after <see cref="Count"/> unanswered probes the connection is dead (ETIMEDOUT).</summary>
public sealed record KeepAliveSettings(TimeSpan Idle, TimeSpan Interval, int Count)
{
    public TimeSpan DetectionTime => Idle + Interval * Count;

    public static KeepAliveSettings Parse(string idle, string interval, int count)
    {
        var i = Duration.Parse(idle, "--idle") ?? throw new UsageException("--idle: off is not an idle time");
        var n = Duration.Parse(interval, "--interval") ?? throw new UsageException("--interval: off is not an interval");
        if (i < TimeSpan.FromSeconds(1) || i > TimeSpan.FromSeconds(60) || n < TimeSpan.FromSeconds(1) || n > TimeSpan.FromSeconds(60))
            throw new UsageException("--idle and --interval: whole seconds from 1s to 60s (the kernel counts keepalive in seconds)");
        if (count is < 1 or > 20)
            throw new UsageException($"--count: {count} is out of range; use 1 to 20");
        return new KeepAliveSettings(i, n, count);
    }
}
