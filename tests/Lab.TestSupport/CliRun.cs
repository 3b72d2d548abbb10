using System.Diagnostics;

namespace Lab.TestSupport;

/// <summary>Runs one of the lab's CLIs (<c>dotnet NAME.dll …</c> from the test's output folder) to exit.</summary>
public static class CliRun
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>A user's mistake: exit code 2, one line on stderr naming what to fix, no stack trace, nothing on stdout.</summary>
        public void AssertUsageError(string? mentions = null)
        {
            Xunit.Assert.Equal(2, ExitCode);
            var line = Xunit.Assert.Single(StderrLines);
            if (mentions is not null)
                Xunit.Assert.Contains(mentions, line);
            Xunit.Assert.DoesNotContain("   at ", Stderr);
            Xunit.Assert.Empty(Stdout);
        }
    }

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

    public static async Task<Result> RunAsync(string assembly, params string[] args)
    {
        using var process = Process.Start(StartInfo(assembly, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
