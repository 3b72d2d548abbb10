using System.Net;

namespace Lab.Probes.Kernel;

/// <summary>One row of /proc/net/tcp, tcp6, udp or udp6 (for UDP the state is 7, CLOSE, when unconnected).</summary>
internal sealed record SocketTableEntry(IPEndPoint Local, IPEndPoint Remote, TcpState State, long TxQueue, long RxQueue, long Inode);
