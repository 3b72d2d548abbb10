using System.Diagnostics;
using Lab.Probes.Kernel;

namespace Lab.Probes.KeepAlive;

/// <summary>
/// A second private network namespace (a process started under <c>unshare --net</c>) joined to this one
/// by a veth pair with link-local addresses (169.254.77.1 here, .2 there: never routed beyond the link),
/// with a listener there that holds what it accepts (netcat).
/// </summary>
internal sealed class VethPair : IDisposable
{
    public const string Here = "169.254.77.1";
    public const string There = "169.254.77.2";
    public const int Port = 7001;

    private readonly Process _peer;
    private readonly string _ready = Path.Combine(Path.GetTempPath(), $"lab-veth-{Guid.NewGuid():N}");

    public VethPair()
    {
        // The peer waits for its end of the cable, configures it, then listens.
        _peer = Start("/usr/bin/unshare", "--net", "--", "sh", "-c",
            $"while [ ! -e {_ready} ]; do sleep 0.05; done; ip link set lo up; ip addr add {There}/30 dev vethlabb; ip link set vethlabb up; exec nc -d -k -l {There} {Port}");
        WaitUntilInItsOwnNamespace(_peer);
        Run("ip", "link", "add", "vethlaba", "type", "veth", "peer", "name", "vethlabb", "netns", _peer.Id.ToString());
        Run("ip", "addr", "add", $"{Here}/30", "dev", "vethlaba");
        Run("ip", "link", "set", "vethlaba", "up");
        File.WriteAllText(_ready, "");
    }

    /// <summary>Drops every packet toward the peer in this namespace's output path: no FIN, no RST, silence.</summary>
    public void KillPath() => Nftables.Apply($$"""
        table inet lab_keepalive {
          chain output {
            type filter hook output priority 0; policy accept;
            ip daddr {{There}} drop
          }
        }
        """, "probe keepalive");

    public void Dispose()
    {
        if (!_peer.HasExited)
            _peer.Kill(entireProcessTree: true);
        _peer.Dispose();
        File.Delete(_ready);
    }

    /// <summary>Until unshare has made the peer's namespace. Moved there any sooner, the veth end lands in the
    /// namespace the peer is still in (this one), the peer cannot configure it and its listener never comes
    /// up: seen on a busy machine, where unshare had not yet run when `ip link add … netns PID` did.</summary>
    private static void WaitUntilInItsOwnNamespace(Process peer)
    {
        var ours = new FileInfo("/proc/self/ns/net").LinkTarget;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            string? theirs = null;
            try { theirs = new FileInfo($"/proc/{peer.Id}/ns/net").LinkTarget; }
            catch (IOException) { }
            if (theirs is not null && theirs != ours)
                return;
            if (peer.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"unshare --net did not give the peer its own network namespace within 10 s: {(peer.HasExited ? peer.StandardError.ReadToEnd() : "still in ours")}");
            Thread.Sleep(10);
        }
    }

    private static Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static void Run(string file, params string[] args)
    {
        using var p = Start(file, args);
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {p.StandardError.ReadToEnd()}");
    }
}
