using System.Buffers.Binary;

namespace Lab.Probes.Wire;

/// <summary>
/// Reads the packets of a pcapng file (what dumpcap writes): Section Header Blocks (byte order from the
/// 0x1A2B3C4D magic), Interface Description Blocks (link type, timestamp resolution) and Enhanced or Simple
/// Packet Blocks; every other block is skipped by its length. A pure parser, tested without sockets; a file
/// that is not pcapng, or one cut inside a block, is an <see cref="InvalidDataException"/> naming the offset.
/// </summary>
internal static class PcapNgReader
{
    private const uint SectionHeader = 0x0A0D0D0A, InterfaceDescription = 1, SimplePacket = 3, EnhancedPacket = 6;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const ushort TimestampResolutionOption = 9;

    public static IReadOnlyList<CapturedFrame> Read(ReadOnlySpan<byte> file)
    {
        var frames = new List<CapturedFrame>();
        var interfaces = new List<(int LinkType, double TicksPerUnit)>();
        var bigEndian = false;
        var offset = 0;
        while (offset < file.Length)
        {
            if (file.Length - offset < 12)
                throw new InvalidDataException($"a block cut short at byte {offset}");
            var type = BinaryPrimitives.ReadUInt32LittleEndian(file[offset..]); // the SHB's type reads the same either way
            if (type == SectionHeader)
            {
                var magic = BinaryPrimitives.ReadUInt32LittleEndian(file[(offset + 8)..]);
                bigEndian = magic switch
                {
                    ByteOrderMagic => false,
                    0x4D3C2B1A => true,
                    _ => throw new InvalidDataException($"not a pcapng section at byte {offset} (byte-order magic 0x{magic:X8})"),
                };
                interfaces.Clear(); // interface ids are per section
            }
            else if (offset == 0)
                throw new InvalidDataException("not a pcapng file: it does not start with a Section Header Block");
            var length = (int)U32(file, offset + 4, bigEndian);
            if (length < 12 || length % 4 != 0 || offset + length > file.Length)
                throw new InvalidDataException($"a block at byte {offset} says it is {length} bytes long; {file.Length - offset} remain");
            var body = file.Slice(offset + 8, length - 12);
            type = U32(file, offset, bigEndian);
            switch (type)
            {
                case InterfaceDescription:
                    interfaces.Add((U16(body, 0, bigEndian), TicksPerUnit(body[8..], bigEndian)));
                    break;
                case EnhancedPacket:
                {
                    var (linkType, ticksPerUnit) = interfaces[(int)U32(body, 0, bigEndian)];
                    var units = ((ulong)U32(body, 4, bigEndian) << 32) | U32(body, 8, bigEndian);
                    var captured = (int)U32(body, 12, bigEndian);
                    frames.Add(new CapturedFrame(linkType, DateTimeOffset.UnixEpoch.AddTicks((long)(units * ticksPerUnit)), body.Slice(20, captured).ToArray()));
                    break;
                }
                case SimplePacket:
                {
                    var (linkType, _) = interfaces[0];
                    var original = (int)U32(body, 0, bigEndian);
                    frames.Add(new CapturedFrame(linkType, DateTimeOffset.UnixEpoch, body.Slice(4, Math.Min(original, body.Length - 4)).ToArray()));
                    break;
                }
            }
            offset += length;
        }
        return frames;
    }

    public static IReadOnlyList<CapturedFrame> Read(string path) => Read(File.ReadAllBytes(path));

    /// <summary>if_tsresol: 10^-n seconds (or 2^-n with the top bit set); microseconds when absent.</summary>
    private static double TicksPerUnit(ReadOnlySpan<byte> options, bool bigEndian)
    {
        var exponent = 6;
        var isPowerOfTwo = false;
        for (var at = 0; at + 4 <= options.Length;)
        {
            var code = U16(options, at, bigEndian);
            var length = U16(options, at + 2, bigEndian);
            if (code == 0)
                break;
            if (code == TimestampResolutionOption && length >= 1)
            {
                isPowerOfTwo = (options[at + 4] & 0x80) != 0;
                exponent = options[at + 4] & 0x7F;
            }
            at += 4 + (length + 3) / 4 * 4;
        }
        var unitsPerSecond = isPowerOfTwo ? Math.Pow(2, exponent) : Math.Pow(10, exponent);
        return TimeSpan.TicksPerSecond / unitsPerSecond;
    }

    private static uint U32(ReadOnlySpan<byte> data, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);
}
