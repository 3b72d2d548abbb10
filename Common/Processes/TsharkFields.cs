using System.Diagnostics;

namespace Lab.Common.Processes;

/// <summary>tshark's own decode of a capture, one comma-separated line of the asked fields per packet: the
/// independent reading of the wire that the lab's claims are held against.</summary>
internal static class TsharkFields
{
    public static async Task<IReadOnlyList<string>> ReadAsync(string pcap, params string[] fields)
    {
        var info = new ProcessStartInfo("/usr/bin/tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-r", pcap, "-T", "fields", "-E", "separator=," })
            info.ArgumentList.Add(a);
        foreach (var field in fields)
        {
            info.ArgumentList.Add("-e");
            info.ArgumentList.Add(field);
        }
        using var tshark = Process.Start(info)!;
        _ = tshark.StandardError.ReadToEndAsync(); // its warnings (running as root) must not fill the pipe
        var lines = new List<string>();
        while (await tshark.StandardOutput.ReadLineAsync() is { } line)
            lines.Add(line);
        await tshark.WaitForExitAsync();
        return lines;
    }
}
