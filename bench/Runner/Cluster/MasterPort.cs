using System.Net;
using System.Net.Sockets;
using Lab.Probes.Kernel;

namespace Lab.Bench.Cluster;

/// <summary>
/// A free loopback port for Locust's master, chosen here and bound by Locust a second or two later. Taken below the
/// kernel's ephemeral range (<c>net.ipv4.ip_local_port_range</c>) where there is room, because an outgoing connect
/// never draws a port from there, while one from inside the range could be taken meanwhile by any of the thousands
/// of connects a churn on the same machine makes.
/// </summary>
internal static class MasterPort
{
    private const int LowestTried = 10_000;

    public static int FreeOnLoopback()
    {
        var low = Sysctl.EphemeralRange()?.Low ?? 0; // unknown: the kernel's own choice below
        for (var attempt = 0; attempt < 100 && low > LowestTried; attempt++)
        {
            var port = Random.Shared.Next(LowestTried, low);
            if (Binds(port))
                return port;
        }
        using var any = new TcpListener(IPAddress.Loopback, 0); // a range tuned down to 1024 leaves no room below it
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    private static bool Binds(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
