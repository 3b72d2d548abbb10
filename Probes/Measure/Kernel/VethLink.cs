using System.Globalization;
using Lab.Common.Kernel;
using Lab.Common.Processes;

namespace Lab.Probes.Kernel;

/// <summary>
/// A second network namespace (<see cref="NetworkNamespace"/>) joined to this process's own (private) one by a
/// veth pair with link-local /30 addresses (never routed beyond the link): two hosts on one wire, so their
/// traffic crosses a real interface instead of loopback. <see cref="Here"/> is this end's device and address,
/// <see cref="There"/> the peer's.
/// </summary>
internal sealed class VethLink : IDisposable
{
    private VethLink(NetworkNamespace peer, (string Device, string Address) here, (string Device, string Address) there)
    {
        Peer = peer;
        Here = here;
        There = there;
    }

    public NetworkNamespace Peer { get; }
    public (string Device, string Address) Here { get; }
    public (string Device, string Address) There { get; }

    /// <param name="lifetime">The longest the link is needed: the peer's namespace ends by itself after it.</param>
    /// <param name="subnet">The /30's first three octets and the base of the fourth, e.g. "169.254.77.0": .1 here, .2 there.</param>
    public static VethLink Create(TimeSpan lifetime, string why, string devicePrefix, string subnet)
    {
        var peer = NetworkNamespace.Create(lifetime, why);
        var prefix = subnet[..subnet.LastIndexOf('.')];
        var here = ($"{devicePrefix}a", $"{prefix}.1");
        var there = ($"{devicePrefix}b", $"{prefix}.2");
        try
        {
            Run("ip", "link", "add", here.Item1, "type", "veth", "peer", "name", there.Item1, "netns", peer.HolderPid.ToString(CultureInfo.InvariantCulture));
            Run("ip", "addr", "add", $"{here.Item2}/30", "dev", here.Item1);
            Run("ip", "link", "set", here.Item1, "up");
            peer.Run("ip", "addr", "add", $"{there.Item2}/30", "dev", there.Item1);
            peer.Run("ip", "link", "set", there.Item1, "up");
            return new VethLink(peer, here, there);
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command in this process's namespace; a failure throws with its stderr.</summary>
    public static void Run(string file, params string[] args) => SystemCommand.Run(file, args);

    public void Dispose() => Peer.Dispose();
}
