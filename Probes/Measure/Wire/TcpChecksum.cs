using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Lab.Probes.Wire;

/// <summary>
/// The TCP checksum as RFC 9293 §3.1 defines it: the 16-bit ones' complement of the ones' complement sum of a
/// pseudo-header (source and destination address, protocol 6, TCP length; IPv6's per RFC 8200 §8.1), the TCP
/// header with its checksum field taken as zero, and the data, padded with a zero byte to a whole 16 bits.
/// Not a CRC: the field notes call it one.
/// </summary>
internal static class TcpChecksum
{
    private const int ChecksumOffset = 16;

    public static ushort Compute(IPAddress source, IPAddress destination, ReadOnlySpan<byte> segment)
    {
        ulong sum = 0;
        Span<byte> address = stackalloc byte[16];
        foreach (var ip in new[] { source, destination })
        {
            ip.TryWriteBytes(address, out var written);
            sum += Sum(address[..written]);
        }
        sum += 6; // protocol
        sum += source.AddressFamily == AddressFamily.InterNetworkV6 ? (ulong)(uint)segment.Length >> 16 : 0;
        sum += (ulong)(segment.Length & 0xFFFF);
        sum += Sum(segment[..ChecksumOffset]);
        sum += Sum(segment[(ChecksumOffset + 2)..]);
        while (sum >> 16 != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>16-bit big-endian words summed; an odd last byte is the high byte of a word.</summary>
    private static ulong Sum(ReadOnlySpan<byte> bytes)
    {
        ulong sum = 0;
        var i = 0;
        for (; i + 1 < bytes.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(bytes[i..]);
        if (i < bytes.Length)
            sum += (ulong)bytes[i] << 8;
        return sum;
    }
}
