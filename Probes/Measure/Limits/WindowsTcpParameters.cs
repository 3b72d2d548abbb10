using System.Globalization;
using System.Text;

namespace Lab.Probes.Limits;

/// <summary>
/// The seed's Windows registry values under HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters,
/// from an exported .reg file (regedit writes UTF-16 with a BOM; older exports are ANSI) or, on
/// Windows, from the registry itself.
/// </summary>
internal static class WindowsTcpParameters
{
    public const string Key = @"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters";

    public static readonly (string Name, string Limits, string Default)[] Known =
    [
        ("TcpNumConnections", "connections TCP may have open at once; absent or 0 = no limit of its own (TCBs, ports and memory still bound it)", "0xfffffe (no limit)"),
        ("MaxUserPort", "highest ephemeral port before Vista (1024-5000 by default); ignored since Vista/Server 2008, where netsh int ipv4 set dynamicport sets the range", "5000"),
        ("MaxFreeTcbs", "TCP control blocks (one per connection, TIME_WAIT included); ignored since Vista", "depends on memory"),
        ("MaxHashTableSize", "buckets of the TCB hash table; must be a power of two; ignored since Vista", "512"),
        ("TcpTimedWaitDelay", "seconds a closed connection stays in TIME_WAIT (30-240)", "240 (120 since Vista)"),
        ("KeepAliveTime", "ms idle before the first keepalive probe", "7200000 (2 hours)"),
        ("KeepAliveInterval", "ms between unanswered keepalive probes", "1000"),
    ];

    /// <summary>Reads the Tcpip\Parameters DWORD values of a .reg export.</summary>
    /// <exception cref="InvalidDataException">Not a .reg export.</exception>
    public static IReadOnlyDictionary<string, long> ParseReg(string path)
    {
        var text = ReadText(path);
        if (!text.TrimStart('\uFEFF').StartsWith("Windows Registry Editor", StringComparison.Ordinal) && !text.StartsWith("REGEDIT4", StringComparison.Ordinal))
            throw new InvalidDataException($"{path} is not a registry export (it should start with 'Windows Registry Editor Version 5.00')");
        var values = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var inKey = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inKey = line.Trim('[', ']').Equals(Key, StringComparison.OrdinalIgnoreCase);
                continue;
            }
            if (!inKey || !line.StartsWith('"'))
                continue;
            var eq = line.IndexOf("\"=", StringComparison.Ordinal);
            if (eq < 0)
                continue;
            var name = line[1..eq];
            var data = line[(eq + 2)..];
            if (data.StartsWith("dword:", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(data[6..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var dword))
                values[name] = dword;
        }
        return values;
    }

    /// <summary>On Windows, the live values; elsewhere null.</summary>
    public static IReadOnlyDictionary<string, long>? ReadRegistry()
    {
        if (!OperatingSystem.IsWindows())
            return null;
        var values = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        using var key = Microsoft.Win32.Registry.LocalMachine.OpenSubKey(@"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters");
        foreach (var (name, _, _) in Known)
        {
            if (key?.GetValue(name) is int v)
                values[name] = (uint)v;
        }
        return values;
    }

    public static IReadOnlyList<LimitValue> Describe(IReadOnlyDictionary<string, long> values) =>
        Known.Select(k =>
        {
            var has = values.TryGetValue(k.Name, out var v);
            string? warning = null;
            if (has && k.Name == "MaxHashTableSize" && (v <= 0 || (v & (v - 1)) != 0))
                warning = $"{v} is not a power of two";
            if (has && k.Name == "TcpTimedWaitDelay" && (v < 30 || v > 240))
                warning = $"{v} s is outside the accepted 30-240";
            return new LimitValue(k.Name, has ? v.ToString(CultureInfo.InvariantCulture) : $"not set (default {k.Default})", k.Limits, warning);
        }).ToList();

    private static string ReadText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        return Encoding.Latin1.GetString(bytes);
    }
}
