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
internal sealed class HandshakeProbe(string pcap, (int Low, int High)? hostPortRange, bool urgent, Action<string> progress)
{
    public static readonly byte[] Request = "ping\n"u8.ToArray(), Reply = "pong\n"u8.ToArray();

    /// <summary>With --urgent: sent with MSG_OOB, so its last byte ('!') is the urgent one; the newline follows.</summary>
    public static readonly byte[] UrgentRequest = "ping!"u8.ToArray();

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
        var clients = new List<IPEndPoint>();
        var reads = new List<UrgentRead>();
        // With --urgent, two more connections after the plain one: the receiver's SO_OOBINLINE off, then on.
        foreach (var oobInline in urgent ? new bool?[] { null, false, true } : [null])
        {
            var (client, read) = await ExchangeAsync(listener, link, server, oobInline, clients.Count + 1);
            clients.Add(client);
            if (read is not null)
                reads.Add(read);
        }
        await capture.StopAsync();

        var frames = PcapNgReader.Read(pcap);
        var segments = TcpSegmentDecoder.Decode(frames);
        var crcMatches = frames.Zip(segments).Count(p => (ushort)Crc32.Compute(TcpBytes(p.First, p.Second)) == p.Second.Checksum);
        return new HandshakeResult(clients[0].ToString(), server.ToString(), link.Here.Device, pcap, SegmentRows.Of(segments, clients),
            HandshakeTips.Judge(segments, clients[0], crcMatches, hostPortRange, reads))
        {
            UrgentReads = reads,
        };
    }

    /// <summary>One connection: the request (with --urgent its last byte sent with MSG_OOB, then the newline), the
    /// reply, the client's FIN, the server's. Returns the client's end and, with --urgent, what the server read.</summary>
    private async Task<(IPEndPoint Client, UrgentRead? Read)> ExchangeAsync(Socket listener, VethLink link, IPEndPoint server, bool? oobInline, int connection)
    {
        using var outbound = await ConnectFromPeerAsync(link, server);
        var client = (IPEndPoint)outbound.LocalEndPoint!;
        using var inbound = await listener.AcceptAsync();
        UrgentRead? read = null;
        if (oobInline is { } inline)
        {
            inbound.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.OutOfBandInline, inline);
            progress($"connection {connection}: {client} → {server}: \"{Escape(UrgentRequest)}\" with its last byte sent MSG_OOB, then \"\\n\"; " +
                     $"the receiver's SO_OOBINLINE {(inline ? "on" : "off")}");
            outbound.Send(UrgentRequest, SocketFlags.OutOfBand);
            outbound.Send("\n"u8, SocketFlags.None);
            // recv() stops at the urgent mark; the urgent byte is read with MSG_OOB there, before reading past the
            // mark discards it (Linux clears its urgent data once the stream is read beyond it).
            var reads = new List<string> { Escape(await ReceiveSomeAsync(inbound)) };
            string? oob = null, oobError = null;
            try
            {
                var one = new byte[1];
                oob = inbound.Receive(one, SocketFlags.OutOfBand) == 1 ? Escape(one) : "";
            }
            catch (SocketException e)
            {
                oobError = e.SocketErrorCode.ToString();
            }
            while (!reads[^1].EndsWith("\\n", StringComparison.Ordinal))
                reads.Add(Escape(await ReceiveSomeAsync(inbound)));
            read = new UrgentRead(connection, inline, reads, oob, oobError);
        }
        else
        {
            progress($"{client} → {server}: {Request.Length} bytes, {Reply.Length} back, then both close");
            await outbound.SendAsync(Request, SocketFlags.None);
            await ReceiveExactlyAsync(inbound, Request.Length);
        }
        await inbound.SendAsync(Reply, SocketFlags.None);
        await ReceiveExactlyAsync(outbound, Reply.Length);
        outbound.Shutdown(SocketShutdown.Send);
        await ReceiveExactlyAsync(inbound, 0); // the client's FIN
        inbound.Shutdown(SocketShutdown.Send);
        await ReceiveExactlyAsync(outbound, 0);
        return (client, read);
    }

    /// <summary>One recv() in the stream: what it returned.</summary>
    private static async Task<byte[]> ReceiveSomeAsync(Socket socket)
    {
        var buffer = new byte[64];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        if (n == 0)
            throw new IOException("closed before the request's newline");
        return buffer[..n];
    }

    private static string Escape(ReadOnlySpan<byte> bytes) => System.Text.Encoding.ASCII.GetString(bytes).Replace("\n", "\\n", StringComparison.Ordinal);

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
