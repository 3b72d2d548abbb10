using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lab.Common.Processes;
using Lab.Probes.Wire;

namespace Lab.Probes.Tests.Wire;

/// <summary>
/// The lab's own reading of a capture (pcapng → link layer → IP → TCP, field by field, and the checksum
/// recomputed) against tshark's decode of the same file: a real exchange on loopback, over IPv4 and IPv6, with
/// an urgent byte in it.
/// </summary>
public class TcpSegmentDecoderTests
{
    private static readonly string[] Fields =
    [
        "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags", "tcp.window_size_value", "tcp.checksum",
        "tcp.checksum_calculated", "tcp.urgent_pointer", "tcp.len", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.timestamp.tsval",
        "tcp.options.sack_perm",
    ];

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task EveryFieldEqualsTsharksDecodeOfTheSameCapture(string address)
    {
        var pcap = await CaptureExchangeAsync(IPAddress.Parse(address));

        var segments = TcpSegmentDecoder.Decode(PcapNgReader.Read(pcap));
        var tshark = await TsharkFields.ReadAsync(pcap, ["tcp.check_checksum:TRUE"], Fields);

        Assert.Equal(tshark.Count, segments.Count);
        Assert.True(segments.Count >= 8, $"{segments.Count} segments: a handshake, data each way, an urgent byte and two FINs make more");
        foreach (var (segment, line) in segments.Zip(tshark))
        {
            var f = line.Split(',');
            var expected = string.Join(",", f[..11]);
            var actual = string.Join(",", segment.Source.Port, segment.Destination.Port, segment.Sequence, segment.Acknowledgment, segment.HeaderBytes,
                $"0x{(int)segment.Flags:x4}", segment.Window, $"0x{segment.Checksum:x4}", $"0x{segment.ComputedChecksum:x4}", segment.UrgentPointer, segment.PayloadLength);
            Assert.Equal(expected, actual);
            Assert.Equal(f[11], segment.Options.FirstOrDefault(o => o.Mss is not null)?.Mss?.ToString(CultureInfo.InvariantCulture) ?? "");
            Assert.Equal(f[12], segment.Options.FirstOrDefault(o => o.WindowShift is not null)?.WindowShift?.ToString(CultureInfo.InvariantCulture) ?? "");
            Assert.Equal(f[13], segment.Options.FirstOrDefault(o => o.TimestampValue is not null)?.TimestampValue?.ToString(CultureInfo.InvariantCulture) ?? "");
            Assert.Equal(f[14] != "", segment.Options.Any(o => o.Kind == TcpOption.SackPermitted));
        }
        Assert.Contains(segments, s => s.Flags.HasFlag(TcpFlags.Urg) && s.UrgentPointer > 0);
    }

    /// <summary>A segment whose checksum field holds the lab's own sum checks; one byte changed after that does not.</summary>
    [Fact]
    public async Task OneChangedByteBreaksTheChecksum()
    {
        var pcap = await CaptureExchangeAsync(IPAddress.Loopback);
        var frame = PcapNgReader.Read(pcap).First(f => TcpSegmentDecoder.Decode(f) is { PayloadLength: > 0 });
        var segment = TcpSegmentDecoder.Decode(frame)!;
        var tcpStart = frame.Data.Length - segment.PayloadLength - segment.HeaderBytes; // Ethernet on lo, IPv4 without options
        BinaryPrimitives.WriteUInt16BigEndian(frame.Data.AsSpan(tcpStart + 16), segment.ComputedChecksum);

        Assert.True(TcpSegmentDecoder.Decode(frame)!.ChecksumMatches);
        frame.Data[^1] ^= 0x01;
        var changed = TcpSegmentDecoder.Decode(frame)!;
        Assert.False(changed.ChecksumMatches);
        Assert.NotEqual(segment.ComputedChecksum, changed.ComputedChecksum);
    }

    [Fact]
    public void AFileThatIsNotPcapngOrIsCutShortSaysWhere()
    {
        Assert.Contains("not a pcapng file", Assert.Throws<InvalidDataException>(() => PcapNgReader.Read("GET / HTTP/1.1\r\n\r\n"u8)).Message);
        var shb = new byte[28];
        BinaryPrimitives.WriteUInt32LittleEndian(shb, 0x0A0D0D0A);
        BinaryPrimitives.WriteUInt32LittleEndian(shb.AsSpan(4), 28);
        BinaryPrimitives.WriteUInt32LittleEndian(shb.AsSpan(8), 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt32LittleEndian(shb.AsSpan(24), 28);
        Assert.Empty(PcapNgReader.Read(shb));
        Assert.Contains("at byte 28", Assert.Throws<InvalidDataException>(() => PcapNgReader.Read([.. shb, 6, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0])).Message);
    }

    /// <summary>Handshake, "hello" one way and "world" back, one urgent byte (MSG_OOB), both sides close; captured on lo.</summary>
    private static async Task<string> CaptureExchangeAsync(IPAddress address)
    {
        Assert.True(LoopbackDumpcap.IsInstalled, "dumpcap and tshark (Debian's tshark package) are needed: ./lab setup installs them");
        using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen();
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var pcap = Path.Combine(Directory.CreateTempSubdirectory("lab-wire-").FullName, "exchange.pcapng");
        using var capture = await LoopbackDumpcap.StartAsync(endpoint.Port, pcap);
        using (var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(endpoint);
            using var server = await listener.AcceptAsync();
            await client.SendAsync("hello"u8.ToArray(), SocketFlags.None);
            var buffer = new byte[16];
            await server.ReceiveAsync(buffer, SocketFlags.None);
            await server.SendAsync("world"u8.ToArray(), SocketFlags.None);
            await client.ReceiveAsync(buffer, SocketFlags.None);
            client.Send("!"u8.ToArray(), SocketFlags.OutOfBand);
            await Task.Delay(50);
            client.Shutdown(SocketShutdown.Send);
            server.Shutdown(SocketShutdown.Send);
            await Task.Delay(50);
        }
        await capture.StopAsync();
        return pcap;
    }
}
