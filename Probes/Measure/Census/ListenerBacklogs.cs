using System.Diagnostics;
using System.Net;

namespace Lab.Probes.Census;

/// <summary>
/// Each TCP listener's backlog and current accept queue from the kernel through <c>ss -Hltn</c>
/// (inet_diag): for a listener ss prints the accept queue as Recv-Q and the backlog as Send-Q;
/// /proc/net/tcp has the queue but not the backlog.
/// </summary>
internal static class ListenerBacklogs
{
    public static IReadOnlyDictionary<IPEndPoint, (int AcceptQueue, int Backlog)> Read()
    {
        var result = new Dictionary<IPEndPoint, (int, int)>();
        var info = new ProcessStartInfo("ss", "-Hltn") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var ss = Process.Start(info);
        if (ss is null)
            return result;
        while (ss.StandardOutput.ReadLine() is { } line)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 4 || !int.TryParse(f[1], out var queue) || !int.TryParse(f[2], out var backlog))
                continue;
            var local = f[3].Replace("*:", "0.0.0.0:", StringComparison.Ordinal);
            var scope = local.IndexOf('%');
            if (scope > 0)
                local = local[..scope] + local[local.LastIndexOf(':')..];
            if (IPEndPoint.TryParse(local, out var endpoint))
                result[endpoint] = (queue, backlog);
        }
        ss.WaitForExit();
        return result;
    }
}
