namespace Lab.Probes.Limits;

/// <summary>The seed's tuning written out for an OS — printed, never applied.</summary>
internal static class TuningPlan
{
    public static string Windows() => """
        Windows Registry Editor Version 5.00

        ; The field notes' tuning for many concurrent connections (Lab prints this; it applies nothing).
        ; Values are DWORDs in hex; decimal in the comment. A restart is needed for them to take effect.
        ; Since Windows Vista / Server 2008, MaxUserPort, MaxFreeTcbs and MaxHashTableSize are ignored:
        ; set the ephemeral range with   netsh int ipv4 set dynamicport tcp start=10000 num=55535
        ; and check it with              netsh int ipv4 show dynamicport tcp

        [HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
        ; highest ephemeral port: 65534 (ignored since Vista, see netsh above)
        "MaxUserPort"=dword:0000fffe
        ; TCP control blocks: 16000 (ignored since Vista)
        "MaxFreeTcbs"=dword:00003e80
        ; TCB hash table buckets: 65536, a power of two (ignored since Vista)
        "MaxHashTableSize"=dword:00010000
        ; TIME_WAIT: 30 s instead of 240 (120 since Vista)
        "TcpTimedWaitDelay"=dword:0000001e
        ; first keepalive probe after 120000 ms idle instead of 7200000 (2 hours)
        "KeepAliveTime"=dword:0001d4c0
        ; 1000 ms between unanswered probes
        "KeepAliveInterval"=dword:000003e8
        """;

    public static string Linux() => """
        # /etc/sysctl.d/90-lab-connections.conf — the Linux equivalents of the field notes' tuning.
        # Lab prints this; it applies nothing. Load with: sysctl --system
        # Ephemeral ports for outgoing connections (MaxUserPort's job):
        net.ipv4.ip_local_port_range = 1024 65535
        # Let connect() reuse a client port in TIME_WAIT (TIME_WAIT itself is fixed at 60 s;
        # TcpTimedWaitDelay has no Linux knob):
        net.ipv4.tcp_tw_reuse = 1
        # Orphaned FIN_WAIT2 connections go after 30 s:
        net.ipv4.tcp_fin_timeout = 30
        # Keepalive: first probe after 120 s idle, then every 1 s, 9 probes
        # (KeepAliveTime 120000, KeepAliveInterval 1000):
        net.ipv4.tcp_keepalive_time = 120
        net.ipv4.tcp_keepalive_intvl = 1
        net.ipv4.tcp_keepalive_probes = 9
        # Accept and SYN queues, with SYN cookies for floods:
        net.core.somaxconn = 4096
        net.ipv4.tcp_max_syn_backlog = 4096
        net.ipv4.tcp_syncookies = 1
        # Descriptors for the whole system:
        fs.file-max = 2097152

        # Per process (sockets are descriptors): raise RLIMIT_NOFILE where the service starts, e.g.
        #   ulimit -n 1048576                  (shell, up to the hard limit; root may raise the hard limit up to fs.nr_open)
        #   LimitNOFILE=1048576                (systemd unit)
        #   * soft nofile 1048576 / * hard nofile 1048576   (/etc/security/limits.conf, login sessions)
        # With connection tracking loaded (iptables/nftables stateful rules), also raise
        # net.netfilter.nf_conntrack_max.
        """;
}
