using System.Diagnostics;
using System.Globalization;
using Lab.Common.Kernel;
using Lab.Probes.Kernel;

namespace Lab.Probes.KeepAlive;

/// <summary>
/// A second private network namespace (<see cref="NetworkNamespace"/>) joined to this one by a veth pair
/// with link-local addresses (169.254.77.1 here, .2 there: never routed beyond the link), with a listener
/// there that holds what it accepts (netcat).
/// </summary>
internal sealed class VethPair : IDisposable
{
    public const string Here = "169.254.77.1";
    public const string There = "169.254.77.2";
    public const int Port = 7001;

    private readonly NetworkNamespace _peerNamespace;
    private readonly Process _listener;

    /// <param name="lifetime">The longest the pair is needed: the peer's namespace ends by itself after it.</param>
    public VethPair(TimeSpan lifetime)
    {
        _peerNamespace = NetworkNamespace.Create(lifetime, "probe keepalive");
        try
        {
            Run("ip", "link", "add", "vethlaba", "type", "veth", "peer", "name", "vethlabb", "netns", _peerNamespace.HolderPid.ToString(CultureInfo.InvariantCulture));
            Run("ip", "addr", "add", $"{Here}/30", "dev", "vethlaba");
            Run("ip", "link", "set", "vethlaba", "up");
            _peerNamespace.Run("ip", "addr", "add", $"{There}/30", "dev", "vethlabb");
            _peerNamespace.Run("ip", "link", "set", "vethlabb", "up");
            _listener = Process.Start(_peerNamespace.StartInfo("nc", ["-d", "-k", "-l", There, Port.ToString(CultureInfo.InvariantCulture)]))
                        ?? throw new InvalidOperationException("could not start nc in the peer's namespace");
        }
        catch
        {
            _peerNamespace.Dispose();
            throw;
        }
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
        if (!_listener.HasExited)
            _listener.Kill();
        _listener.Dispose();
        _peerNamespace.Dispose();
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {p.StandardError.ReadToEnd()}");
    }
}
