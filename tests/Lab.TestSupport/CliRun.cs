using System.Diagnostics;
using Lab.Common.Processes;

namespace Lab.TestSupport;

/// <summary>Runs one of the lab's CLIs (<c>dotnet NAME.dll …</c> from the test's output folder) to exit.</summary>
internal static class CliRun
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
        info.Environment.Remove("COLUMNS"); // a pipe's width, 100, whatever the shell that ran the tests exported
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return info;
    }

    public static Task<ProcessResult> RunAsync(string assembly, params string[] args) =>
        RunAsync(assembly, TimeSpan.FromSeconds(120), args);

    /// <summary>To exit, or killed at <paramref name="limit"/> with what it printed so far in the failure.</summary>
    public static async Task<ProcessResult> RunAsync(string assembly, TimeSpan limit, params string[] args)
    {
        using var process = Process.Start(StartInfo(assembly, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{assembly} {string.Join(' ', args)} ran past {limit.TotalSeconds:0} s and was killed; its stderr:\n{await stderr}");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
