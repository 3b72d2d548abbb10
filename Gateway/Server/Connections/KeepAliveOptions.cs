using Lab.Common.Cli;

namespace Lab.Gateway.Connections;

/// <summary>SO_KEEPALIVE with per-socket TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT for accepted frame sockets.</summary>
internal sealed record KeepAliveOptions(TimeSpan Idle, TimeSpan Interval, int Count)
{
    /// <summary>"IDLE,INTERVAL,COUNT" (e.g. 120s,1s,10), or "off" (null).</summary>
    public static KeepAliveOptions? Parse(string text)
    {
        if (text == "off")
            return null;
        var parts = text.Split(',');
        if (parts.Length != 3 || !int.TryParse(parts[2], out var count) || count is < 1 or > 127)
            throw new UsageException($"--keepalive: '{text}' is not IDLE,INTERVAL,COUNT (e.g. 120s,1s,10) or off");
        var idle = Duration.Parse(parts[0], "--keepalive idle") ?? throw new UsageException("--keepalive: idle cannot be off");
        var interval = Duration.Parse(parts[1], "--keepalive interval") ?? throw new UsageException("--keepalive: interval cannot be off");
        if (idle.TotalSeconds < 1 || interval.TotalSeconds < 1)
            throw new UsageException("--keepalive: the kernel counts idle and interval in whole seconds; use at least 1s");
        return new KeepAliveOptions(idle, interval, count);
    }
}
