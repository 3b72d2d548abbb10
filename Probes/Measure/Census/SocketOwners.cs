using System.Globalization;

namespace Lab.Probes.Census;

/// <summary>Which process owns each socket inode (netstat -p / -o): /proc/PID/fd links read
/// "socket:[INODE]". Processes this user may not read are skipped.</summary>
internal static class SocketOwners
{
    public static IReadOnlyDictionary<long, (int Pid, string Name)> Read()
    {
        var owners = new Dictionary<long, (int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                foreach (var fd in Directory.EnumerateFiles(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && long.TryParse(target[8..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
                        owners.TryAdd(inode, (pid, name));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended, or is not ours to read
            }
        }
        return owners;
    }
}
