using System.Diagnostics;

namespace Lab.Common.Processes;

/// <summary>tshark's own decode of a capture, one comma-separated line of the asked fields per packet: the
/// independent reading of the wire that the lab's claims are held against.</summary>
internal static class TsharkFields
{
    public static Task<IReadOnlyList<string>> ReadAsync(string pcap, params string[] fields) => ReadAsync(pcap, [], fields);

    /// <summary>The same with tshark preferences (<c>-o NAME:VALUE</c>, e.g. <c>tcp.check_checksum:TRUE</c>).</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(string pcap, IReadOnlyList<string> preferences, string[] fields)
    {
        var info = new ProcessStartInfo("/usr/bin/tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-r", pcap, "-T", "fields", "-E", "separator=," })
            info.ArgumentList.Add(a);
        foreach (var preference in preferences)
        {
            info.ArgumentList.Add("-o");
            info.ArgumentList.Add(preference);
        }
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
