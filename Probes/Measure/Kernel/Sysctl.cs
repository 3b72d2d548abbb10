using System.Globalization;

namespace Lab.Probes.Kernel;

/// <summary>Reads /proc/sys values (of the current network namespace). Never writes.</summary>
internal static class Sysctl
{
    public static string? Read(string name, string root = "/proc/sys")
    {
        var path = Path.Combine(root, name.Replace('.', '/'));
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static long? ReadLong(string name) =>
        long.TryParse(Read(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>net.ipv4.ip_local_port_range as (low, high).</summary>
    public static (int Low, int High)? EphemeralRange()
    {
        var parts = Read("net.ipv4.ip_local_port_range")?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: 2 } && int.TryParse(parts[0], out var lo) && int.TryParse(parts[1], out var hi) ? (lo, hi) : null;
    }
}
