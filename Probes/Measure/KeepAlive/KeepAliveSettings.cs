using Lab.Common.Cli;

namespace Lab.Probes.KeepAlive;

/// <summary>Per-socket keepalive: first probe after <see cref="Idle"/> without traffic, then every
/// <see cref="Interval"/>; after <see cref="Count"/> unanswered probes the connection is dead (ETIMEDOUT).</summary>
internal sealed record KeepAliveSettings(TimeSpan Idle, TimeSpan Interval, int Count)
{
    public TimeSpan DetectionTime => Idle + Interval * Count;

    /// <summary>Idle and interval within 1 s to 60 s (the options' ranges), here made whole seconds, as the kernel counts them.</summary>
    public static KeepAliveSettings Create(TimeSpan idle, TimeSpan interval, int count)
    {
        if (idle.TotalSeconds % 1 != 0)
            throw new UsageException($"--idle: {Duration.Format(idle)} is not a whole number of seconds (the kernel counts keepalive in seconds)");
        if (interval.TotalSeconds % 1 != 0)
            throw new UsageException($"--interval: {Duration.Format(interval)} is not a whole number of seconds (the kernel counts keepalive in seconds)");
        if (count is < 1 or > 20)
            throw new UsageException($"--count: {count} is out of range; use 1 to 20");
        return new KeepAliveSettings(idle, interval, count);
    }
}
