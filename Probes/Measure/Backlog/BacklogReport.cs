using Lab.Probes.Kernel;

namespace Lab.Probes.Backlog;

/// <summary>Puts the samples, counters and settings together and says what bounds what.</summary>
internal static class BacklogReport
{
    public static readonly string[] WhatBoundsWhat =
    [
        "listen(fd, backlog): the accept queue of established connections not yet accept()ed holds backlog + 1 (Linux's check is queue > backlog); when it is full the kernel drops new SYNs (ListenOverflows, ListenDrops) and the client retransmits its SYN after 1, 3, 7 … s.",
        "net.core.somaxconn: caps every listen() backlog (a larger request is silently lowered).",
        "net.ipv4.tcp_max_syn_backlog: bounds the half-open (SYN_RECV) request queue; the listener's backlog bounds it too.",
        "net.ipv4.tcp_syncookies: 1 = when the SYN queue is full, answer with a SYN cookie instead of keeping state (SyncookiesSent): a flood cannot exhaust it.",
        "net.ipv4.tcp_synack_retries: how often the server resends its SYN-ACK to a half-open connection before dropping it (5 ≈ 63 s).",
    ];

    public static BacklogResult Build(string mode, string target, int backlog, int clients, IReadOnlyList<BacklogSample> samples,
        IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, bool? alert) => new()
    {
        Mode = mode,
        Target = target,
        Backlog = backlog,
        Clients = clients,
        Samples = samples,
        Counters = NetstatCounters.Interesting.Where(before.ContainsKey)
            .ToDictionary(n => n, n => new[] { before[n], after.GetValueOrDefault(n) }),
        Settings = new Dictionary<string, string?>
        {
            ["net.core.somaxconn"] = Sysctl.Read("net.core.somaxconn"),
            ["net.ipv4.tcp_max_syn_backlog"] = Sysctl.Read("net.ipv4.tcp_max_syn_backlog"),
            ["net.ipv4.tcp_syncookies"] = Sysctl.Read("net.ipv4.tcp_syncookies"),
            ["net.ipv4.tcp_synack_retries"] = Sysctl.Read("net.ipv4.tcp_synack_retries"),
        },
        PeakAcceptQueue = samples.Count == 0 ? 0 : samples.Max(s => s.AcceptQueue),
        PeakSynRecv = samples.Count == 0 ? 0 : samples.Max(s => s.SynRecv),
        CensusSynFloodAlert = alert,
        Explanation = WhatBoundsWhat,
    };
}
