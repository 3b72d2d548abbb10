using System.Buffers;
using System.Buffers.Binary;

namespace Lab.Framing;

/// <summary>
/// Erlang <c>{packet,N}</c> framing as a pure parser: an N-byte (1, 2 or 4) big-endian unsigned
/// length, header excluded, then the payload; zero-length frames are legal. The declared length is
/// checked as soon as the header exists and is never allocated: a bound the length-prefixed sample
/// in Bedrock lacks, so "GET " (1195725856) cannot make us wait for a gigabyte.
/// </summary>
internal sealed class PacketReader
{
    public PacketReader(int headerSize, int maxPacket)
    {
        if (headerSize is not (1 or 2 or 4))
            throw new ArgumentOutOfRangeException(nameof(headerSize), headerSize, "gen_tcp {packet,N} takes N = 1, 2 or 4");
        ArgumentOutOfRangeException.ThrowIfNegative(maxPacket);
        HeaderSize = headerSize;
        MaxPacket = maxPacket;
    }

    public int HeaderSize { get; }

    /// <summary>Largest legal payload; like gen_tcp's <c>packet_size</c>, a length above it is an error.</summary>
    public int MaxPacket { get; }

    public PacketReadResult Read(in ReadOnlySequence<byte> input)
    {
        if (input.Length < HeaderSize)
            return new(PacketReadStatus.NeedHeader, default, default, input.Start, input.End);

        var length = ReadLength(input);
        if (length > (uint)MaxPacket)
        {
            var error = new HeadError(length, HeaderSize, MaxPacket);
            return new(PacketReadStatus.HeadError, default, error, input.Start, input.End);
        }

        if (input.Length - HeaderSize < length)
            return new(PacketReadStatus.NeedBody, default, default, input.Start, input.End);

        var payload = input.Slice(HeaderSize, length);
        return new(PacketReadStatus.Frame, payload, default, payload.End, payload.End);
    }

    private uint ReadLength(in ReadOnlySequence<byte> input)
    {
        Span<byte> header = stackalloc byte[4];
        var first = input.FirstSpan;
        if (first.Length >= HeaderSize)
            first[..HeaderSize].CopyTo(header);
        else
            input.Slice(0, HeaderSize).CopyTo(header); // header split across segments

        return HeaderSize switch
        {
            1 => header[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(header),
            _ => BinaryPrimitives.ReadUInt32BigEndian(header),
        };
    }
}
