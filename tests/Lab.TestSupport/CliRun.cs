using System.Diagnostics;
using Lab.Common.Processes;

namespace Lab.TestSupport;

/// <summary>Runs one of the lab's CLIs (<c>dotnet NAME.dll …</c> from the test's output folder) to exit.</summary>
public static class CliRun
{
    public static ProcessStartInfo StartInfo(string assembly, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return info;
    }

    public static async Task<ProcessResult> RunAsync(string assembly, params string[] args)
    {
        using var process = Process.Start(StartInfo(assembly, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
