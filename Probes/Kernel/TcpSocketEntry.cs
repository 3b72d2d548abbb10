using System.Net;

namespace Lab.Probes.Kernel;

/// <summary>One row of /proc/net/tcp or /proc/net/tcp6.</summary>
public sealed record TcpSocketEntry(IPEndPoint Local, IPEndPoint Remote, TcpState State, long TxQueue, long RxQueue, long Inode);
