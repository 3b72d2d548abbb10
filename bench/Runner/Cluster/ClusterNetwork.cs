using System.Globalization;
using System.Net;
using Lab.Common.Kernel;

namespace Lab.Bench.Cluster;

/// <summary>
/// Client hosts on one machine: a server namespace (the gateway and Locust's master) with a bridge, the
/// "switch", and one namespace per client host, each joined to the bridge by a veth pair and given its own
/// address. A client host has what a separate machine's network stack has: its own address, its own
/// ephemeral ports and its own conntrack; its workers reach the master and the gateway across the bridge,
/// as remote workers would. All of it lives in namespaces the run created (link-local addresses, nothing
/// routed), and goes when they do: the host's interfaces, routes and sysctls are never touched.
/// </summary>
internal sealed class ClusterNetwork : IDisposable
{
    public const string Bridge = "labbr0";
    private const string Prefix = "169.254.78.";
    private const int PrefixLength = 24;

    private readonly List<NetworkNamespace> _hosts = [];
    private NetworkNamespace? _server;

    private ClusterNetwork()
    {
    }

    public static IPAddress ServerAddress { get; } = IPAddress.Parse(Prefix + "1");

    /// <summary>Client host <paramref name="index"/>'s address (0-based): .11, .12, …</summary>
    public static IPAddress ClientAddress(int index) => IPAddress.Parse(Prefix + (11 + index).ToString(CultureInfo.InvariantCulture));

    public NetworkNamespace Server => _server!;
    public IReadOnlyList<NetworkNamespace> ClientHosts => _hosts;

    /// <summary>The namespaces, the bridge and <paramref name="hosts"/> client hosts; each namespace ends by
    /// itself after <paramref name="lifetime"/> should this process die first.</summary>
    public static ClusterNetwork Create(int hosts, TimeSpan lifetime)
    {
        var network = new ClusterNetwork();
        try
        {
            network._server = Create(lifetime);
            network.Server.Run("ip", "link", "add", Bridge, "type", "bridge");
            network.Server.Run("ip", "addr", "add", $"{ServerAddress}/{PrefixLength}", "dev", Bridge);
            network.Server.Run("ip", "link", "set", Bridge, "up");
            for (var i = 0; i < hosts; i++)
            {
                var host = Create(lifetime);
                network._hosts.Add(host);
                var outside = $"labh{i + 1}";
                // The host's end is made in the server namespace and its peer moved straight into the client host.
                network.Server.Run("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", host.HolderPid.ToString(CultureInfo.InvariantCulture));
                network.Server.Run("ip", "link", "set", outside, "master", Bridge);
                network.Server.Run("ip", "link", "set", outside, "up");
                host.Run("ip", "addr", "add", $"{ClientAddress(i)}/{PrefixLength}", "dev", "eth0");
                host.Run("ip", "link", "set", "eth0", "up");
            }
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
            host.Dispose();
        _server?.Dispose();
    }

    private static NetworkNamespace Create(TimeSpan lifetime) => NetworkNamespace.Create(lifetime, "bench cluster --client-hosts");
}
