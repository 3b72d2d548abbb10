using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Support;

/// <summary>The gateway CLI as a child process (<c>dotnet Gateway.dll …</c>), for exit codes and signals.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _stdout = [];
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process) => Process = process;

    public Process Process { get; }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }
    public IReadOnlyList<string> StdoutLines { get { lock (_stdout) return [.. _stdout]; } }

    public static GatewayProcess Start(params string[] args) => Start(CliRun.StartInfo("Gateway", args));

    /// <summary>The gateway in another time zone (this machine runs on UTC, so a check of UTC output needs one that is not).</summary>
    public static GatewayProcess StartInTimeZone(string tz, params string[] args) => StartWithEnvironment("TZ", tz, args);

    /// <summary>The gateway started in <paramref name="workingDirectory"/>.</summary>
    public static GatewayProcess StartIn(string workingDirectory, params string[] args)
    {
        var info = CliRun.StartInfo("Gateway", args);
        info.WorkingDirectory = workingDirectory;
        return Start(info);
    }

    /// <summary>The gateway with one environment variable set.</summary>
    public static GatewayProcess StartWithEnvironment(string variable, string value, params string[] args)
    {
        var info = CliRun.StartInfo("Gateway", args);
        info.Environment[variable] = value;
        return Start(info);
    }

    /// <summary>The gateway in a fresh mount namespace (root) with a tiny tmpfs mounted at <paramref name="mountPoint"/>.</summary>
    public static GatewayProcess StartOnTinyDisk(string mountPoint, string size, params string[] args)
    {
        var info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var gateway = string.Join(' ', new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "Gateway.dll") }.Concat(args).Select(a => $"'{a}'"));
        foreach (var a in new[] { "--mount", "--propagation", "private", "--", "sh", "-c", $"mount -t tmpfs -o size={size} labtiny '{mountPoint}' && exec {gateway}" })
            info.ArgumentList.Add(a);
        return Start(info);
    }

    /// <summary>The gateway in a fresh mount namespace on a tiny tmpfs that <paramref name="ballastKb"/> of it are
    /// taken from; the ballast goes once <paramref name="outside"/>/free exists (the disk has room again; then
    /// <paramref name="outside"/>/freed exists), and once
    /// the gateway has exited <paramref name="outside"/>/run holds a copy of the tmpfs's run directory, then
    /// <paramref name="outside"/>/copied exists (the tmpfs goes with the namespace).</summary>
    public static GatewayProcess StartOnTinyDiskThatFreesUp(string mountPoint, string size, int ballastKb, string outside, params string[] args)
    {
        var info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var gateway = string.Join(' ', new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "Gateway.dll") }.Concat(args).Select(a => $"'{a}'"));
        // $$ is the gateway's pid once exec has run; the watcher keeps the namespace (and the tmpfs) alive until it has copied.
        var script = $"mount -t tmpfs -o size={size} labtiny '{mountPoint}' && dd if=/dev/zero of='{mountPoint}/ballast' bs=1k count={ballastKb} 2>/dev/null && " +
                     $"GW=$$; (while [ ! -e '{outside}/free' ] && kill -0 $GW 2>/dev/null; do sleep 0.05; done; rm -f '{mountPoint}/ballast'; touch '{outside}/freed'; " +
                     $"while kill -0 $GW 2>/dev/null; do sleep 0.05; done; cp -a '{mountPoint}/run' '{outside}/run'; touch '{outside}/copied') & exec {gateway}";
        foreach (var a in new[] { "--mount", "--propagation", "private", "--", "sh", "-c", script })
            info.ArgumentList.Add(a);
        return Start(info);
    }

    /// <summary>The gateway started by <c>prlimit --nofile=L:L</c>, which execs it with that descriptor limit
    /// (same process id).</summary>
    public static GatewayProcess StartUnderDescriptorLimit(int limit, params string[] args)
    {
        var info = new ProcessStartInfo("prlimit") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { $"--nofile={limit}:{limit}", "dotnet", Path.Combine(AppContext.BaseDirectory, "Gateway.dll") }.Concat(args))
            info.ArgumentList.Add(a);
        return Start(info);
    }

    /// <summary>Sets the running gateway's soft descriptor limit, as a user would with <c>prlimit --pid</c>.
    /// The hard limit stays (raising it again would need CAP_SYS_RESOURCE, which root lacks here).</summary>
    public void SetDescriptorLimit(int soft)
    {
        using var prlimit = Process.Start("prlimit", [$"--pid={Process.Id}", $"--nofile={soft}:"]);
        prlimit.WaitForExit();
        if (prlimit.ExitCode != 0)
            throw new InvalidOperationException($"prlimit --pid={Process.Id} --nofile={soft}: exited {prlimit.ExitCode}");
    }

    private static GatewayProcess Start(ProcessStartInfo info)
    {
        var gateway = new GatewayProcess(new Process { StartInfo = info });
        gateway.Process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (gateway._stdout) gateway._stdout.Add(e.Data);
            if (e.Data?.StartsWith("listening ", StringComparison.Ordinal) == true)
                gateway._listening.TrySetResult(e.Data);
        };
        gateway.Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (gateway._stderr) gateway._stderr.AppendLine(e.Data);
        };
        gateway.Process.Start();
        gateway.Process.BeginOutputReadLine();
        gateway.Process.BeginErrorReadLine();
        return gateway;
    }

    /// <summary>The frame listener's port, from the listening line.</summary>
    public async Task<int> WaitForFramesPortAsync() =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(await WaitForListeningAsync(), @"frames=[^ ]+:(\d+)").Groups[1].Value);

    public async Task<string> WaitForListeningAsync()
    {
        var exited = Process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != _listening.Task)
            throw new InvalidOperationException($"gateway did not start listening; stderr: {Stderr}");
        return await _listening.Task;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(cts.Token);
        Process.WaitForExit(); // drains the redirected streams
        return Process.ExitCode;
    }

    public int OpenDescriptors() => Directory.GetFiles($"/proc/{Process.Id}/fd").Length;

    public void Signal(int signal)
    {
        if (Kill(Process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({Process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill();
        Process.Dispose();
    }

    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
