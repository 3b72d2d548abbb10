using System.Diagnostics;

namespace Lab.Common.Processes;

/// <summary>A system command (ip, ethtool, nsenter …) run to its end: its output read, a failure thrown with its
/// stderr. The one form of it the namespaces and links share.</summary>
internal static class SystemCommand
{
    /// <summary>Runs <paramref name="file"/> in this process's namespace.</summary>
    public static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        Run(info, $"{file} {string.Join(' ', args)}");
    }

    /// <summary>Runs <paramref name="info"/> (stdout and stderr redirected); <paramref name="what"/> names it in the failure.</summary>
    public static void Run(ProcessStartInfo info, string what)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {what}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
    }
}
