using System.Net;
using System.Net.Sockets;
using Lab.Bench.Cluster;

namespace Lab.Bench.Tests;

/// <summary>Locust's master port is chosen before Locust binds it: below the kernel's ephemeral range (read from /proc
/// here, as the kernel reads it), where no outgoing connect can take it meanwhile, and free.</summary>
public class MasterPortTests
{
    [Fact]
    public void TheMasterPortIsFreeAndBelowTheEphemeralRange()
    {
        var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0],
            System.Globalization.CultureInfo.InvariantCulture);
        var ports = Enumerable.Range(0, 20).Select(_ => MasterPort.FreeOnLoopback()).ToList();

        if (low > 10_000)
            Assert.All(ports, p => Assert.InRange(p, 10_000, low - 1));
        else
            Assert.All(ports, p => Assert.InRange(p, low, 65_535)); // no room below a range tuned down: the kernel's choice
        using var listener = new TcpListener(IPAddress.Loopback, ports[^1]);
        listener.Start(); // free: nothing of the lab's holds it
    }
}
