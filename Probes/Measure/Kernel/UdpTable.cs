namespace Lab.Probes.Kernel;

/// <summary>The kernel's UDP socket tables (/proc/net/udp and udp6), same row format as TCP's.</summary>
internal static class UdpTable
{
    public static IReadOnlyList<SocketTableEntry> Read(string procNet = "/proc/net") =>
        new[] { "udp", "udp6" }
            .Select(f => Path.Combine(procNet, f))
            .Where(File.Exists)
            .SelectMany(p => File.ReadLines(p).Skip(1))
            .Select(TcpTable.Parse)
            .OfType<SocketTableEntry>()
            .ToList();
}
