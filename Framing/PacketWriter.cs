using System.Buffers;
using System.Buffers.Binary;

namespace Lab.Framing;

/// <summary>
/// Writes <c>{packet,N}</c> frames: the payload length big-endian in N bytes, then the payload, so an
/// OTP peer with the same option reads them unchanged.
/// </summary>
internal static class PacketWriter
{
    public static void Write(IBufferWriter<byte> output, in ReadOnlySequence<byte> payload, int headerSize)
    {
        WriteHeader(output, payload.Length, headerSize);
        foreach (var segment in payload)
            output.Write(segment.Span);
    }

    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> payload, int headerSize)
    {
        WriteHeader(output, payload.Length, headerSize);
        output.Write(payload);
    }

    public static byte[] Encode(ReadOnlySpan<byte> payload, int headerSize)
    {
        var buffer = new ArrayBufferWriter<byte>(payload.Length + headerSize);
        Write(buffer, payload, headerSize);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHeader(IBufferWriter<byte> output, long length, int headerSize)
    {
        var max = headerSize switch
        {
            1 => byte.MaxValue,
            2 => ushort.MaxValue,
            4 => (long)uint.MaxValue,
            _ => throw new ArgumentOutOfRangeException(nameof(headerSize), headerSize, "{packet,N} takes N = 1, 2 or 4"),
        };
        if (length > max)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"a {{packet,{headerSize}}} frame holds at most {max} bytes");

        var span = output.GetSpan(headerSize);
        switch (headerSize)
        {
            case 1: span[0] = (byte)length; break;
            case 2: BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length); break;
            default: BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length); break;
        }
        output.Advance(headerSize);
    }
}
