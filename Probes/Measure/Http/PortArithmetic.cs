using Lab.Probes.Kernel;

namespace Lab.Probes.Http;

/// <summary>
/// The seed's eaddrinuse arithmetic: a client closing first keeps each port in TIME_WAIT for 60 s
/// (TCP_TIMEWAIT_LEN, fixed in the kernel), so short connections to one destination can be sustained at
/// most at range ÷ 60 per second before the ephemeral range runs out.
/// </summary>
internal sealed record PortArithmetic(int RangeLow, int RangeHigh, int RangeSize, int TimeWaitSeconds, string? TcpTwReuse,
    double MaxShortPerSecond, double? ShortRate, double? SecondsToExhaust, string Verdict, string TwReuseNote)
{
    public const int TimeWaitLength = 60;

    public static PortArithmetic For(double? shortRate)
    {
        var (low, high) = Sysctl.EphemeralRange() ?? (32768, 60999);
        var size = high - low + 1;
        var reuse = Sysctl.Read("net.ipv4.tcp_tw_reuse");
        var max = Math.Round((double)size / TimeWaitLength, 1);
        double? exhaust = shortRate is > 0 ? Math.Round(size / shortRate.Value, 1) : null;
        var verdict = exhaust is null ? "no short-connection rate measured"
            : exhaust < TimeWaitLength
                ? $"at {shortRate:0.#} connections/s a client that closes first would use up its {size} ports in {exhaust:0.#} s, before the first TIME_WAIT expires (60 s): connect() would fail with EADDRNOTAVAIL"
                : $"at {shortRate:0.#} connections/s a client that closes first would need {exhaust:0.#} s to go through its {size} ports, longer than TIME_WAIT (60 s): sustainable";
        var note = reuse switch
        {
            "0" => "tcp_tw_reuse=0: a client port in TIME_WAIT is not reused for a new outgoing connection until it expires.",
            "1" => "tcp_tw_reuse=1: connect() may reuse a client port whose TIME_WAIT is over 1 s old (TCP timestamps guard against old segments), so the limit above does not bind.",
            "2" => "tcp_tw_reuse=2: as 1, but for loopback connections only: this loopback probe is not bound by the limit; a remote client would be.",
            _ => "tcp_tw_reuse could not be read.",
        };
        return new PortArithmetic(low, high, size, TimeWaitLength, reuse, max, shortRate, exhaust, verdict, note);
    }
}
