using System.Globalization;
using Lab.Probes.Kernel;

namespace Lab.Probes.Limits;

/// <summary>The Linux side of the seed's list: what bounds concurrent TCP connections here, read from
/// /proc (this network namespace for net.*), with the figures they imply.</summary>
internal static class LinuxLimits
{
    public static IReadOnlyList<LimitValue> Read()
    {
        var (soft, hard) = OpenFilesLimit();
        var conntrack = Sysctl.Read("net.netfilter.nf_conntrack_max");
        return
        [
            new("net.ipv4.ip_local_port_range", Sysctl.Read("net.ipv4.ip_local_port_range")?.Replace('\t', ' '), "ephemeral ports a client draws from for connect() without bind: concurrent outbound connections to one ip:port"),
            new("RLIMIT_NOFILE (ulimit -n) soft/hard", $"{soft}/{hard}", "descriptors per process: sockets and files together"),
            new("fs.file-max", Sysctl.Read("fs.file-max"), "descriptors the whole system may open"),
            new("fs.file-nr", Sysctl.Read("fs.file-nr")?.Replace('\t', ' '), "allocated, free, maximum file handles now"),
            new("fs.nr_open", Sysctl.Read("fs.nr_open"), "the ceiling for any process's RLIMIT_NOFILE"),
            new("net.netfilter.nf_conntrack_max", conntrack ?? "not loaded", "connections the firewall's connection tracking can follow (the seed's IP_TABLES limit)"),
            new("net.netfilter.nf_conntrack_count", Sysctl.Read("net.netfilter.nf_conntrack_count") ?? "not loaded", "connections tracked now"),
            new("net.core.somaxconn", Sysctl.Read("net.core.somaxconn"), "cap on any listen() backlog: the accept queue of established connections"),
            new("net.ipv4.tcp_max_syn_backlog", Sysctl.Read("net.ipv4.tcp_max_syn_backlog"), "half-open (SYN_RECV) connections a listener keeps before dropping or using syncookies"),
            new("net.ipv4.tcp_syncookies", Sysctl.Read("net.ipv4.tcp_syncookies"), "1: answer with SYN cookies when the SYN queue overflows (a SYN flood), keeping no state"),
            new("net.ipv4.tcp_fin_timeout", Sysctl.Read("net.ipv4.tcp_fin_timeout"), "seconds an orphaned connection stays in FIN_WAIT2 (not TIME_WAIT, which is fixed at 60 s)"),
            new("net.ipv4.tcp_tw_reuse", Sysctl.Read("net.ipv4.tcp_tw_reuse"), "0 off, 1 on, 2 loopback only: may connect() reuse a client port still in TIME_WAIT"),
            new("net.ipv4.tcp_keepalive_time", Sysctl.Read("net.ipv4.tcp_keepalive_time"), "seconds idle before the first keepalive probe (SO_KEEPALIVE sockets)"),
            new("net.ipv4.tcp_keepalive_intvl", Sysctl.Read("net.ipv4.tcp_keepalive_intvl"), "seconds between keepalive probes"),
            new("net.ipv4.tcp_keepalive_probes", Sysctl.Read("net.ipv4.tcp_keepalive_probes"), "unanswered probes before the connection is declared dead"),
        ];
    }

    /// <summary>What the values imply.</summary>
    public static IReadOnlyList<LimitValue> Derived()
    {
        var (low, high) = Sysctl.EphemeralRange() ?? (32768, 60999);
        var range = high - low + 1;
        var (soft, _) = OpenFilesLimit();
        return
        [
            new("max concurrent outbound connections to one ip:port", range.ToString(CultureInfo.InvariantCulture),
                "one per ephemeral port: the 4-tuple must be unique and only the client port varies"),
            new("max sustainable short connections/s to one ip:port", (range / 60.0).ToString("0.#", CultureInfo.InvariantCulture),
                "range ÷ 60 s of TIME_WAIT, for a client that closes first (tcp_tw_reuse lifts it)"),
            new("max sockets per process", soft is long s ? (s - 3).ToString(CultureInfo.InvariantCulture) : null,
                "RLIMIT_NOFILE soft less stdin, stdout, stderr (and every open file)"),
        ];
    }

    /// <summary>The port classes (IANA, RFC 6335) and where Linux and Windows draw ephemeral ports from.</summary>
    public static IReadOnlyList<LimitValue> PortClasses() =>
    [
        new("well-known", "0-1023", "bound to standard services; binding needs privilege on Linux"),
        new("registered", "1024-49151", "loosely bound to applications"),
        new("dynamic (IANA)", "49152-65535", "ephemeral; Windows' default dynamic range since Vista"),
        new("Linux default ephemeral", "32768-60999", "net.ipv4.ip_local_port_range's default"),
    ];

    /// <summary>RLIMIT_NOFILE of this process, from /proc/self/limits ("Max open files").</summary>
    public static (long? Soft, long? Hard) OpenFilesLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var parts = line?[14..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long? Parse(string? v) => long.TryParse(v, out var n) ? n : null;
        return parts is { Length: >= 2 } ? (Parse(parts[0]), Parse(parts[1])) : (null, null);
    }
}
