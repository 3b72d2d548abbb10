using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lab.Common.Processes;
using Lab.Probes.Kernel;
using Lab.Probes.Wire;

namespace Lab.Probes.Handshake;

/// <summary>
/// Inside a private namespace: a veth link to a second namespace with checksum offload off on both ends (so
/// every checksum on the wire is the kernel's full sum), a listener here, a client socket made there; one small
/// request, one small reply, both sides close; dumpcap records the link, and the lab decodes the capture itself
/// (<see cref="TcpSegmentDecoder"/>), leaving tshark as the independent check.
/// </summary>
internal sealed class HandshakeProbe(string pcap, (int Low, int High)? hostPortRange, Action<string> progress)
{
    public static readonly byte[] Request = "ping\n"u8.ToArray(), Reply = "pong\n"u8.ToArray();

    public async Task<HandshakeResult> RunAsync()
    {
        PrivateNetworkNamespace.Enter();
        using var link = VethLink.Create(TimeSpan.FromMinutes(2), "probe handshake", "vethhs", "169.254.79.0");
        // Without offload the kernel writes the whole checksum itself; with it, a capture shows the partial sum.
        VethLink.Run("ethtool", "-K", link.Here.Device, "tx", "off", "rx", "off");
        link.Peer.Run("ethtool", "-K", link.There.Device, "tx", "off", "rx", "off");

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse(link.Here.Address), 0));
        listener.Listen();
        var server = (IPEndPoint)listener.LocalEndPoint!;
        progress($"capturing {link.Here.Device} (checksum offload off), tcp port {server.Port}");
        using var capture = await LoopbackDumpcap.StartAsync(server.Port, pcap, link.Here.Device);
        IPEndPoint client;
        using (var outbound = await ConnectFromPeerAsync(link, server))
        {
            client = (IPEndPoint)outbound.LocalEndPoint!;
            using var inbound = await listener.AcceptAsync();
            progress($"{client} → {server}: {Request.Length} bytes, {Reply.Length} back, then both close");
            await outbound.SendAsync(Request, SocketFlags.None);
            await ReceiveExactlyAsync(inbound, Request.Length);
            await inbound.SendAsync(Reply, SocketFlags.None);
            await ReceiveExactlyAsync(outbound, Reply.Length);
            outbound.Shutdown(SocketShutdown.Send);
            await ReceiveExactlyAsync(inbound, 0); // the client's FIN
            inbound.Shutdown(SocketShutdown.Send);
            await ReceiveExactlyAsync(outbound, 0);
        }
        await capture.StopAsync();

        var frames = PcapNgReader.Read(pcap);
        var segments = TcpSegmentDecoder.Decode(frames);
        var crcMatches = frames.Zip(segments).Count(p => (ushort)Crc32.Compute(TcpBytes(p.First, p.Second)) == p.Second.Checksum);
        return new HandshakeResult(client.ToString(), server.ToString(), link.Here.Device, pcap, SegmentRows.Of(segments, client),
            HandshakeTips.Judge(segments, client, crcMatches, hostPortRange));
    }

    /// <summary>The segment's own bytes (header and data), the last ones of its frame.</summary>
    private static ReadOnlySpan<byte> TcpBytes(CapturedFrame frame, TcpSegment segment) =>
        frame.Data.AsSpan(frame.Data.Length - segment.HeaderBytes - segment.PayloadLength);

    /// <summary>The client's socket is made in the peer namespace; its link may take a moment to come up.</summary>
    private static async Task<Socket> ConnectFromPeerAsync(VethLink link, IPEndPoint server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var socket = NamespaceSocket.Create(link.Peer.Handle, AddressFamily.InterNetwork);
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.ConnectAsync(server, attempt.Token);
                return socket;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(100);
            }
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[Math.Max(count, 1)];
        for (var got = 0; got < count || count == 0;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None);
            if (n == 0)
            {
                if (count == 0)
                    return;
                throw new IOException($"closed after {got.ToString(CultureInfo.InvariantCulture)} of {count} bytes");
            }
            got += n;
            if (count == 0)
                throw new IOException("data where the peer's FIN was expected");
        }
    }
}
