using System.Diagnostics;
using System.Globalization;
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

    private readonly VethLink _link;
    private readonly Process _listener;

    /// <param name="lifetime">The longest the pair is needed: the peer's namespace ends by itself after it.</param>
    public VethPair(TimeSpan lifetime)
    {
        _link = VethLink.Create(lifetime, "probe keepalive", "vethlab", "169.254.77.0");
        try
        {
            _listener = Process.Start(_link.Peer.StartInfo("nc", ["-d", "-k", "-l", There, Port.ToString(CultureInfo.InvariantCulture)]))
                        ?? throw new InvalidOperationException("could not start nc in the peer's namespace");
        }
        catch
        {
            _link.Dispose();
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
        _link.Dispose();
    }
}
