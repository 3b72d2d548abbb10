using System.Diagnostics;
using Lab.Common.Cli;

namespace Lab.Probes.Kernel;

/// <summary>
/// Runs a probe verb again inside a network namespace of its own (<c>unshare --net</c>, root only), so
/// it can shrink ranges and change net.* sysctls there: they are per network namespace, and the host's
/// are never touched. Inside, <see cref="WriteSysctl"/> refuses to write unless the process really is
/// in a namespace other than PID 1's.
/// </summary>
internal static class PrivateNetworkNamespace
{
    /// <summary>The hidden option the re-executed probe receives.</summary>
    public const string InsideOption = "--inside-netns";

    /// <summary>Starts `dotnet Probes.dll VERB --inside-netns ARGS` in a new network namespace and returns its stdout.</summary>
    /// <exception cref="UsageException">Not root, or unshare is missing.</exception>
    public static async Task<string> RunAsync(string verb, IEnumerable<string> args, TimeSpan limit, Action<string> progress,
        CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
            throw new UsageException($"probe {verb} needs root: it creates a private network namespace (unshare --net) so the host's settings stay untouched");
        if (!File.Exists("/usr/bin/unshare"))
            throw new UsageException($"probe {verb} needs unshare (Debian package util-linux)");

        var info = new ProcessStartInfo("/usr/bin/unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--net", "--", DotnetHost(), ProbesCli(), verb, InsideOption })
            info.ArgumentList.Add(a);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var child = Process.Start(info)!;
        var errors = new List<string>();
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.Add(e.Data);
            progress(e.Data);
        };
        child.BeginErrorReadLine();
        // The probe inside must stop by itself; should it not, it is ended here rather than waited for.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(limit);
        string stdout;
        try
        {
            stdout = await child.StandardOutput.ReadToEndAsync(bound.Token);
            await child.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            // Past its bound, or interrupted (Ctrl+C): either way the copy inside is not left running.
            child.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
                throw;
            throw new MeasurementException($"probe {verb} did not finish within {limit.TotalSeconds:0} s inside its namespace; it was stopped");
        }
        if (child.ExitCode != 0)
            lock (errors)
                throw new MeasurementException($"the probe inside the namespace failed (exit {child.ExitCode}): {string.Join(" | ", errors.TakeLast(3))}");
        return stdout;
    }

    /// <summary>First thing inside: confirm the namespace is private and bring its loopback up.</summary>
    public static void Enter()
    {
        if (IsHostNamespace())
            throw new InvalidOperationException("refusing to run: this process is in the host's network namespace, not a private one");
        using var ip = Process.Start("ip", ["link", "set", "lo", "up"])!;
        ip.WaitForExit();
        if (ip.ExitCode != 0)
            throw new InvalidOperationException("could not bring lo up in the private namespace");
    }

    /// <summary>Sets a net.* sysctl of this (private) namespace.</summary>
    public static void WriteSysctl(string name, string value)
    {
        if (IsHostNamespace())
            throw new InvalidOperationException($"refusing to set {name}: not in a private network namespace");
        File.WriteAllText(Path.Combine("/proc/sys", name.Replace('.', '/')), value);
    }

    public static bool IsHostNamespace() =>
        new FileInfo("/proc/self/ns/net").LinkTarget == new FileInfo("/proc/1/ns/net").LinkTarget;

    /// <summary>The Probes executable beside this library: it re-runs the verb inside (the library has no verbs).</summary>
    private static string ProbesCli() =>
        Path.Combine(Path.GetDirectoryName(typeof(PrivateNetworkNamespace).Assembly.Location)!, "Probes.dll") is var cli && File.Exists(cli)
            ? cli
            : throw new InvalidOperationException($"{cli} is missing: the probes' namespace runs need the Probes executable beside Lab.Probes.dll");

    private static string DotnetHost() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
}
