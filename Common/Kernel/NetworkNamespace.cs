using System.Diagnostics;
using Lab.Common.Processes;
using Lab.Common.Cli;

namespace Lab.Common.Kernel;

/// <summary>
/// A network namespace this process created: a private network stack (its own interfaces, addresses,
/// ephemeral ports, conntrack, net.* sysctls) held open by a bounded <c>sleep</c> under
/// <c>unshare --net</c>. Commands run in it through <c>nsenter --net</c>, which execs them in place, so
/// a process started here keeps its PID (its /proc entry gives its CPU, memory and descriptors as
/// usual). It goes away with its holder, and the holder ends by itself after its lifetime should this
/// process die without disposing it: nothing the lab creates outlives the run for long.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private readonly Process _holder;

    private NetworkNamespace(Process holder) => _holder = holder;

    /// <summary>The namespace's handle, for <c>nsenter --net=</c> and <c>ip link … netns</c>.</summary>
    public string Handle => $"/proc/{_holder.Id}/ns/net";

    /// <summary>The holder's PID: <c>ip link add … netns PID</c> moves an interface into the namespace.</summary>
    public int HolderPid => _holder.Id;

    /// <summary>Creates a namespace that lasts at most <paramref name="lifetime"/>, with its loopback up.</summary>
    /// <exception cref="UsageException">Not root, or unshare, nsenter or ip is missing.</exception>
    public static NetworkNamespace Create(TimeSpan lifetime, string why)
    {
        if (!Environment.IsPrivilegedProcess)
            throw new UsageException($"{why} needs root: it creates network namespaces (unshare --net); the host's network stays untouched");
        foreach (var tool in new[] { "/usr/bin/unshare", "/usr/bin/nsenter" })
            if (!File.Exists(tool))
                throw new UsageException($"{why} needs {Path.GetFileName(tool)} (Debian package util-linux)");
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/usr/bin/ip") && !File.Exists("/sbin/ip"))
            throw new UsageException($"{why} needs ip (Debian package iproute2)");

        var seconds = Math.Max(1, (int)Math.Ceiling(lifetime.TotalSeconds));
        var holder = Process.Start(Info("/usr/bin/unshare", ["--net", "--", "sleep", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                     ?? throw new InvalidOperationException("could not start unshare");
        var created = new NetworkNamespace(holder);
        try
        {
            created.WaitUntilItsOwn();
            created.Run("ip", "link", "set", "lo", "up");
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>A process started inside the namespace (stdout and stderr redirected).</summary>
    public ProcessStartInfo StartInfo(string file, IEnumerable<string> args) =>
        Info("/usr/bin/nsenter", [$"--net={Handle}", "--", file, .. args]);

    /// <summary>Runs a command inside the namespace and waits for it; a failure throws with its stderr.</summary>
    public void Run(string file, params string[] args) =>
        SystemCommand.Run(StartInfo(file, args), $"{file} {string.Join(' ', args)} in a lab namespace");

    public void Dispose()
    {
        try
        {
            if (!_holder.HasExited)
                _holder.Kill();
            _holder.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _holder.Dispose();
    }

    /// <summary>Until unshare has made the holder's namespace. Used any sooner (on a busy machine unshare may
    /// not have run yet), <c>nsenter</c> and <c>ip … netns PID</c> would act on the namespace the holder is
    /// still in: ours.</summary>
    private void WaitUntilItsOwn()
    {
        var ours = new FileInfo("/proc/self/ns/net").LinkTarget;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            string? theirs = null;
            try { theirs = new FileInfo(Handle).LinkTarget; }
            catch (IOException) { }
            if (theirs is not null && theirs != ours)
                return;
            if (_holder.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"unshare --net did not make a namespace within 10 s: {(_holder.HasExited ? _holder.StandardError.ReadToEnd() : "its holder is still in ours")}");
            Thread.Sleep(10);
        }
    }

    private static ProcessStartInfo Info(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return info;
    }
}
