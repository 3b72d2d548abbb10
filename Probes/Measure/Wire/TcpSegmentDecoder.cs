using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Lab.Probes.Wire;

/// <summary>
/// A captured frame down to its TCP segment: the link layer (Ethernet, Linux cooked v1 and v2, BSD loopback,
/// raw IP), IPv4 (its header length from IHL) or IPv6 (no extension headers: what Linux sends for plain TCP),
/// then the TCP header and options. Frames that carry no TCP are skipped (null). A pure parser.
/// </summary>
internal static class TcpSegmentDecoder
{
    public const int LinkEthernet = 1, LinkNull = 0, LinkRaw = 101, LinkLinuxCooked = 113, LinkLinuxCooked2 = 276;
    private const ushort EtherIPv4 = 0x0800, EtherIPv6 = 0x86DD;
    private const byte ProtocolTcp = 6;

    public static IReadOnlyList<TcpSegment> Decode(IEnumerable<CapturedFrame> frames) =>
        frames.Select(Decode).OfType<TcpSegment>().ToList();

    public static TcpSegment? Decode(CapturedFrame frame)
    {
        var data = frame.Data.AsSpan();
        var (etherType, ipStart) = frame.LinkType switch
        {
            LinkEthernet when data.Length >= 14 => (BinaryPrimitives.ReadUInt16BigEndian(data[12..]), 14),
            LinkLinuxCooked when data.Length >= 16 => (BinaryPrimitives.ReadUInt16BigEndian(data[14..]), 16),
            LinkLinuxCooked2 when data.Length >= 20 => (BinaryPrimitives.ReadUInt16BigEndian(data), 20),
            LinkNull when data.Length >= 4 => (BinaryPrimitives.ReadUInt32LittleEndian(data) == 2 ? EtherIPv4 : EtherIPv6, 4),
            LinkRaw when data.Length >= 1 => ((data[0] >> 4) == 4 ? EtherIPv4 : EtherIPv6, 0),
            _ => ((ushort)0, 0),
        };
        var ip = data[ipStart..];
        IPAddress source, destination;
        ReadOnlySpan<byte> segment;
        if (etherType == EtherIPv4 && ip.Length >= 20 && ip[9] == ProtocolTcp)
        {
            var headerLength = (ip[0] & 0x0F) * 4;
            var total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            source = new IPAddress(ip.Slice(12, 4));
            destination = new IPAddress(ip.Slice(16, 4));
            segment = ip[headerLength..Math.Min(total, ip.Length)];
        }
        else if (etherType == EtherIPv6 && ip.Length >= 40 && ip[6] == ProtocolTcp)
        {
            var payload = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            source = new IPAddress(ip.Slice(8, 16));
            destination = new IPAddress(ip.Slice(24, 16));
            segment = ip.Slice(40, Math.Min(payload, ip.Length - 40));
        }
        else
            return null;
        if (segment.Length < 20)
            throw new InvalidDataException($"a TCP segment of {segment.Length} bytes, shorter than a header, in a frame captured at {frame.At:HH:mm:ss.ffffff}");

        var offsetWords = segment[12] >> 4;
        var headerBytes = offsetWords * 4;
        if (headerBytes < 20 || headerBytes > segment.Length)
            throw new InvalidDataException($"a TCP data offset of {offsetWords} words in a {segment.Length}-byte segment captured at {frame.At:HH:mm:ss.ffffff}");
        return new TcpSegment(
            new IPEndPoint(source, BinaryPrimitives.ReadUInt16BigEndian(segment)),
            new IPEndPoint(destination, BinaryPrimitives.ReadUInt16BigEndian(segment[2..])),
            BinaryPrimitives.ReadUInt32BigEndian(segment[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[8..]),
            offsetWords,
            (TcpFlags)segment[13],
            BinaryPrimitives.ReadUInt16BigEndian(segment[14..]),
            BinaryPrimitives.ReadUInt16BigEndian(segment[16..]),
            TcpChecksum.Compute(source, destination, segment),
            BinaryPrimitives.ReadUInt16BigEndian(segment[18..]),
            Options(segment[20..headerBytes]),
            segment.Length - headerBytes,
            frame.At);
    }

    private static string SackBlocks(ReadOnlySpan<byte> value)
    {
        var blocks = new List<string>();
        for (var i = 0; i + 8 <= value.Length; i += 8)
            blocks.Add($"{BinaryPrimitives.ReadUInt32BigEndian(value[i..])}-{BinaryPrimitives.ReadUInt32BigEndian(value[(i + 4)..])}");
        return string.Join(" ", blocks);
    }

    /// <summary>The options in the header's last bytes, up to the end-of-list option.</summary>
    private static List<TcpOption> Options(ReadOnlySpan<byte> bytes)
    {
        var options = new List<TcpOption>();
        for (var at = 0; at < bytes.Length;)
        {
            var kind = bytes[at];
            if (kind == TcpOption.EndOfList)
            {
                options.Add(new TcpOption(kind, 1, "EOL"));
                break;
            }
            if (kind == TcpOption.NoOperation)
            {
                options.Add(new TcpOption(kind, 1, "NOP"));
                at++;
                continue;
            }
            if (at + 1 >= bytes.Length || bytes[at + 1] < 2 || at + bytes[at + 1] > bytes.Length)
            {
                options.Add(new TcpOption(kind, bytes.Length - at, $"malformed option {kind}"));
                break;
            }
            var length = bytes[at + 1];
            var value = bytes.Slice(at + 2, length - 2);
            options.Add(kind switch
            {
                TcpOption.MaximumSegmentSize when length == 4 => new TcpOption(kind, length, $"MSS {BinaryPrimitives.ReadUInt16BigEndian(value)}") { Mss = BinaryPrimitives.ReadUInt16BigEndian(value) },
                TcpOption.WindowScale when length == 3 => new TcpOption(kind, length, $"WS {value[0]}") { WindowShift = value[0] },
                TcpOption.SackPermitted when length == 2 => new TcpOption(kind, length, "SACK permitted"),
                TcpOption.Timestamps when length == 10 => new TcpOption(kind, length,
                    $"TS val {BinaryPrimitives.ReadUInt32BigEndian(value)} ecr {BinaryPrimitives.ReadUInt32BigEndian(value[4..])}")
                {
                    TimestampValue = BinaryPrimitives.ReadUInt32BigEndian(value), TimestampEcho = BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
                },
                TcpOption.Sack => new TcpOption(kind, length, "SACK " + SackBlocks(value)),
                _ => new TcpOption(kind, length, $"option {kind.ToString(CultureInfo.InvariantCulture)} ({length} bytes)"),
            });
            at += length;
        }
        return options;
    }
}
