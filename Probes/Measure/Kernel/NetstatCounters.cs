using System.Globalization;

namespace Lab.Probes.Kernel;

/// <summary>TcpExt counters from /proc/net/netstat (this network namespace): ListenOverflows,
/// ListenDrops, SyncookiesSent and friends.</summary>
internal static class NetstatCounters
{
    public static readonly string[] Interesting =
        ["ListenOverflows", "ListenDrops", "SyncookiesSent", "SyncookiesRecv", "SyncookiesFailed", "TCPReqQFullDrop", "TCPReqQFullDoCookies", "TCPTimeouts"];

    public static IReadOnlyDictionary<string, long> Read()
    {
        var lines = File.ReadAllLines("/proc/net/netstat");
        var result = new Dictionary<string, long>();
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names[0] != "TcpExt:")
                continue;
            for (var k = 1; k < names.Length && k < values.Length; k++)
            {
                if (Interesting.Contains(names[k]))
                    result[names[k]] = long.Parse(values[k], CultureInfo.InvariantCulture);
            }
        }
        return result;
    }
}
