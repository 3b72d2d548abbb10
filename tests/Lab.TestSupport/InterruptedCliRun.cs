using System.Diagnostics;
using Lab.Common.Processes;

namespace Lab.TestSupport;

/// <summary>One of the lab's CLIs started as a process, sent SIGINT (as Ctrl+C does) once <c>ready</c> says it
/// is measuring, and run to its exit.</summary>
internal static class InterruptedCliRun
{
    /// <param name="ready">Polled every 100 ms with the stderr read so far; true once the verb is under way.</param>
    /// <param name="limit">From the signal to the exit.</param>
    public static Task<(ProcessResult Result, TimeSpan SignalToExit)> RunAsync(
        string assembly, Func<string, bool> ready, TimeSpan limit, params string[] args) =>
        RunAsync(assembly, ready, TimeSpan.Zero, limit, args);

    /// <param name="settle">How long to let it measure once ready, before the signal.</param>
    public static async Task<(ProcessResult Result, TimeSpan SignalToExit)> RunAsync(
        string assembly, Func<string, bool> ready, TimeSpan settle, TimeSpan limit, params string[] args)
    {
        using var process = Process.Start(CliRun.StartInfo(assembly, args))!;
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            var waited = Stopwatch.StartNew();
            while (!ready(Snapshot()))
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"{assembly} {string.Join(' ', args)} exited ({process.ExitCode}) before it was ready; its stderr:\n{Snapshot()}");
                if (waited.Elapsed > TimeSpan.FromSeconds(60))
                    throw new TimeoutException($"{assembly} was not ready within 60 s; its stderr:\n{Snapshot()}");
                await Task.Delay(100);
            }
            await Task.Delay(settle);
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            var signalled = Stopwatch.StartNew();
            using var timeout = new CancellationTokenSource(limit);
            await process.WaitForExitAsync(timeout.Token);
            var signalToExit = signalled.Elapsed;
            return (new ProcessResult(process.ExitCode, await stdout, Snapshot()), signalToExit);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{assembly} did not exit within {limit.TotalSeconds:0} s of SIGINT; its stderr:\n{Snapshot()}");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }

        string Snapshot() { lock (stderr) return stderr.ToString(); }
    }
}
