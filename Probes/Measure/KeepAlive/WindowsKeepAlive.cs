namespace Lab.Probes.KeepAlive;

/// <summary>The seed's Windows values and the detection time they imply (Windows since Vista sends a
/// fixed 10 keepalive probes before giving up).</summary>
internal static class WindowsKeepAlive
{
    private const int Probes = 10;

    public static IReadOnlyList<string> Figures() =>
    [
        Line("Windows default", 7_200_000, 1000),
        Line("the seed's tuning", 120_000, 1000),
        "Linux default: tcp_keepalive_time 7200 s + 9 probes × tcp_keepalive_intvl 75 s = 7875 s (2 h 11 min 15 s), per socket overridable (TCP_KEEPIDLE/KEEPINTVL/KEEPCNT)",
    ];

    private static string Line(string what, int keepAliveTimeMs, int intervalMs)
    {
        var total = TimeSpan.FromMilliseconds(keepAliveTimeMs + Probes * intervalMs);
        return $"{what}: KeepAliveTime {keepAliveTimeMs} ms + {Probes} probes × KeepAliveInterval {intervalMs} ms = {total.TotalSeconds:0} s ({total:h\\:mm\\:ss}) before a dead peer is noticed";
    }
}
