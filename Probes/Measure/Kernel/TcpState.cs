namespace Lab.Probes.Kernel;

/// <summary>TCP states as the kernel numbers them in /proc/net/tcp (include/net/tcp_states.h).</summary>
internal enum TcpState
{
    Established = 1,
    SynSent = 2,
    SynRecv = 3,
    FinWait1 = 4,
    FinWait2 = 5,
    TimeWait = 6,
    Close = 7,
    CloseWait = 8,
    LastAck = 9,
    Listen = 10,
    Closing = 11,
}
