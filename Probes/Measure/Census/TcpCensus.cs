using System.Net;
using Lab.Probes.Kernel;

namespace Lab.Probes.Census;

/// <summary>
/// The lab's <c>netstat -an | find "ESTABLISHED" /c</c> and <c>netstat -ano | findstr 20001</c>: counts
/// per TCP state over IPv4 and IPv6 from the kernel's tables, optionally for one port (local or remote),
/// with owners, UDP sockets, and a SYN-flood alert when SYN_RECV toward a listener reaches a threshold.
/// </summary>
internal sealed class TcpCensus(int? port, bool processes, bool udp, SynAlert alert)
{
    public static string StateName(TcpState state) => state switch
    {
        TcpState.Established => "ESTABLISHED",
        TcpState.SynSent => "SYN_SENT",
        TcpState.SynRecv => "SYN_RECV",
        TcpState.FinWait1 => "FIN_WAIT1",
        TcpState.FinWait2 => "FIN_WAIT2",
        TcpState.TimeWait => "TIME_WAIT",
        TcpState.Close => "CLOSE",
        TcpState.CloseWait => "CLOSE_WAIT",
        TcpState.LastAck => "LAST_ACK",
        TcpState.Listen => "LISTEN",
        TcpState.Closing => "CLOSING",
        _ => state.ToString(),
    };

    public CensusSample Take()
    {
        var tcp = TcpTable.Read().Where(Matches).ToList();
        var owners = processes ? SocketOwners.Read() : null;
        var states = Enum.GetValues<TcpState>().ToDictionary(StateName, s => tcp.Count(e => e.State == s));
        var rows = tcp.Select(e => Row("tcp", e.Local, e.Remote, StateName(e.State), e.Inode, owners)).ToList();

        var backlogs = ListenerBacklogs.Read();
        var listeners = tcp.Where(e => e.State == TcpState.Listen).Select(l =>
        {
            var (queue, backlog) = backlogs.TryGetValue(Normalize(l.Local), out var b) ? b : (0, 0);
            var synRecv = tcp.Count(e => e.State == TcpState.SynRecv && e.Local.Port == l.Local.Port && SameOrAny(l.Local.Address, e.Local.Address));
            var alertAt = alert.ThresholdFor(backlog);
            return new ListenerRow(l.Local.ToString(), queue, backlog, synRecv, alertAt, synRecv >= alertAt && synRecv > 0);
        }).ToList();

        Dictionary<string, int>? udpCounts = null;
        if (udp)
        {
            var sockets = UdpTable.Read().Where(e => port is null || e.Local.Port == port || e.Remote.Port == port).ToList();
            udpCounts = new Dictionary<string, int>
            {
                ["bound"] = sockets.Count(s => s.Remote.Port == 0),
                ["connected"] = sockets.Count(s => s.Remote.Port != 0),
            };
            rows.AddRange(sockets.Select(e => Row("udp", e.Local, e.Remote, e.Remote.Port == 0 ? "" : "CONNECTED", e.Inode, owners)));
        }
        return new CensusSample(DateTimeOffset.UtcNow, port, states, rows, listeners, udpCounts);
    }

    private bool Matches(SocketTableEntry e) => port is null || e.Local.Port == port || e.Remote.Port == port;

    private static CensusRow Row(string proto, IPEndPoint local, IPEndPoint remote, string state, long inode,
        IReadOnlyDictionary<long, (int Pid, string Name)>? owners)
    {
        var owner = owners is not null && owners.TryGetValue(inode, out var o) ? o : ((int, string)?)null;
        return new CensusRow(proto, local.ToString(), remote.ToString(), state, inode, owner?.Item1, owner?.Item2);
    }

    private static IPEndPoint Normalize(IPEndPoint e) =>
        e.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.IPv6Any, e.Port) : e;

    private static bool SameOrAny(IPAddress listener, IPAddress local) =>
        listener.Equals(local) || listener.Equals(IPAddress.Any) || listener.Equals(IPAddress.IPv6Any);
}
