using System.Net;
using System.Net.Sockets;
using Lab.Probes.Kernel;

namespace Lab.Probes.Tests.Kernel;

public class TcpTableTests
{
    [Fact]
    public void ParsesIpv4AndIpv6Rows()
    {
        var v4 = TcpTable.Parse("   0: 0100007F:4E21 00000000:0000 0A 00000000:00000005 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 20001), v4!.Local);
        Assert.Equal(TcpState.Listen, v4.State);
        Assert.Equal(5, v4.RxQueue);
        Assert.Equal(12345, v4.Inode);

        var v6 = TcpTable.Parse("   1: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:C350 01 00000000:00000000 00:00000000 00000000     0        0 777 1 0 20 4 30 10 -1");
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 8080), v6!.Local);
        Assert.Equal(50000, v6.Remote.Port);
        Assert.Equal(TcpState.Established, v6.State);
    }

    [Fact]
    public void SeesAListenerThisTestHolds()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.Contains(TcpTable.Read(), e => e.State == TcpState.Listen && e.Local.Port == port);
    }
}
