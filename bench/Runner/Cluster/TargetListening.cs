using System.Diagnostics;
using System.Net;

namespace Lab.Bench.Cluster;

/// <summary>Whether something listens on a --target, asked of the kernel (<c>ss -ltn</c>) rather than by
/// connecting: a probe connection would be one more in the target's own counts.</summary>
internal static class TargetListening
{
    public static async Task<bool> CheckAsync(IPEndPoint target)
    {
        var info = new ProcessStartInfo("ss", ["-Hltn", "sport", "=", $":{target.Port}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var ss = Process.Start(info)!;
        var output = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        // Local Address:Port is the fourth column; a listener on 0.0.0.0 or * takes every local address.
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 4)
            .Select(f => f[3][..f[3].LastIndexOf(':')])
            .Any(a => a is "0.0.0.0" or "*" or "[::]" || a == target.Address.ToString());
    }
}
