using Lab.BrowserLab.Join;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.BrowserLab.Wire;

/// <summary>
/// The captured segments, grouped by connection (the client's port). Reads what the TCP header says:
/// SYN options (MSS, window scale, SACK permitted, timestamps — RFC 9293 section 3.1, RFC 7323,
/// RFC 2018) and who sent the first FIN or RST.
/// </summary>
internal sealed class WireRecords(IReadOnlyList<WireSegment> segments)
{
    public IReadOnlyList<WireSegment> Segments => segments;

    /// <summary>SYNs sent by clients (SYN without ACK): one per connection attempt.</summary>
    public int SynCount(int gatewayPort) => segments.Count(s => s.Syn && !s.Ack && s.DestinationPort == gatewayPort);

    public static WireRecords Parse(IEnumerable<string> lines)
    {
        var list = new List<WireSegment>();
        foreach (var line in lines)
        {
            var f = line.Split(',');
            if (f.Length < 10 || !int.TryParse(f[0], out var src) || !int.TryParse(f[1], out var dst))
                continue;
            list.Add(new WireSegment(src, dst, Flag(f[2]), Flag(f[3]), Flag(f[4]), Flag(f[5]),
                int.TryParse(f[6], out var mss) ? mss : null, int.TryParse(f[7], out var ws) ? ws : null,
                f[8].Length > 0 && f[8] != "0" && !f[8].Equals("False", StringComparison.OrdinalIgnoreCase), f[9].Length > 0));
        }
        return new WireRecords(list);
    }

    /// <summary>Adds the wire view to each joined connection and checks the gateway's own closeKind against it.</summary>
    public void Annotate(IEnumerable<JoinedConnection> connections, int gatewayPort)
    {
        foreach (var c in connections)
        {
            var mine = segments.Where(s => (s.SourcePort == c.ClientPort && s.DestinationPort == gatewayPort)
                                           || (s.SourcePort == gatewayPort && s.DestinationPort == c.ClientPort)).ToList();
            if (mine.Count == 0)
                continue;
            var syn = mine.FirstOrDefault(s => s.Syn && !s.Ack);
            var firstClose = mine.FirstOrDefault(s => s.Fin || s.Rst);
            var gatewayClose = mine.FirstOrDefault(s => s.SourcePort == gatewayPort && (s.Fin || s.Rst));
            var gatewayKind = (gatewayClose is null ? CloseKind.None : gatewayClose.Rst ? CloseKind.Rst : CloseKind.Fin).ToLogName();
            c.Wire = new WireView
            {
                SynCount = mine.Count(s => s.Syn && !s.Ack),
                Mss = syn?.Mss,
                WindowScale = syn?.WindowScale,
                SackPermitted = syn?.SackPermitted ?? false,
                Timestamps = syn?.Timestamps ?? false,
                FirstCloseBy = firstClose is null ? null : firstClose.SourcePort == gatewayPort ? "gateway" : "client",
                FirstCloseKind = firstClose is null ? null : (firstClose.Rst ? CloseKind.Rst : CloseKind.Fin).ToLogName(),
                GatewayCloseKind = gatewayKind,
                // A connection the gateway never logged a close kind for cannot be said to match the wire.
                MatchesGateway = c.CloseKind is not null && c.CloseKind == gatewayKind,
                // tcp.port matches either direction; both ports together are one connection on loopback.
                DisplayFilter = $"tcp.port == {c.ClientPort} && tcp.port == {gatewayPort}",
            };
        }
    }

    private static bool Flag(string value) => value is "1" or "True" or "true";
}
