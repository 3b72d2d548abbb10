using System.Diagnostics;

namespace Lab.TestSupport;

/// <summary>Runs a system command (ss, nft, ip, tshark) and returns its standard output.</summary>
internal static class Command
{
    public static string Output(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        return output;
    }
}
