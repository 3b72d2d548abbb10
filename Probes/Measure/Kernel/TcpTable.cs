using System.Globalization;
using System.Net;

namespace Lab.Probes.Kernel;

/// <summary>
/// Reads the kernel's TCP socket tables (/proc/net/tcp and /proc/net/tcp6), TIME_WAIT sockets
/// included: what netstat and ss show, read directly, never estimated.
/// </summary>
internal static class TcpTable
{
    public static IReadOnlyList<SocketTableEntry> Read(string procNet = "/proc/net")
    {
        var entries = new List<SocketTableEntry>();
        foreach (var file in new[] { "tcp", "tcp6" })
        {
            var path = Path.Combine(procNet, file);
            if (!File.Exists(path))
                continue;
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                if (Parse(line) is { } entry)
                    entries.Add(entry);
            }
        }
        return entries;
    }

    /// <summary>Parses "sl local_address rem_address st tx_queue:rx_queue … inode" (addresses in hex,
    /// IPv4 as one little-endian word, IPv6 as four).</summary>
    public static SocketTableEntry? Parse(string line)
    {
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 10)
            return null;
        var queues = f[4].Split(':');
        return new SocketTableEntry(
            Endpoint(f[1]), Endpoint(f[2]),
            (TcpState)int.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            long.Parse(queues[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            long.Parse(queues[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            long.Parse(f[9], CultureInfo.InvariantCulture));
    }

    private static IPEndPoint Endpoint(string hex)
    {
        var parts = hex.Split(':');
        var port = int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var raw = Convert.FromHexString(parts[0]);
        // The kernel prints each 32-bit word in host (little-endian) order.
        for (var i = 0; i < raw.Length; i += 4)
            Array.Reverse(raw, i, 4);
        return new IPEndPoint(new IPAddress(raw), port);
    }
}
