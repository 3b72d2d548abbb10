namespace Lab.Fuzz;

/// <summary>The simplest possible {packet,N} decoder over a whole byte array: the oracle the real
/// parser is checked against. Returns the frames, then either the head error's declared length or the
/// count of bytes left waiting for more.</summary>
public static class ReferenceDecoder
{
    public sealed record Outcome(List<byte[]> Frames, uint? HeadErrorLength, int Leftover);

    public static Outcome Decode(byte[] stream, int headerSize, int maxPacket)
    {
        var frames = new List<byte[]>();
        var at = 0;
        while (stream.Length - at >= headerSize)
        {
            uint length = 0;
            for (var i = 0; i < headerSize; i++)
                length = (length << 8) | stream[at + i];
            if (length > (uint)maxPacket)
                return new Outcome(frames, length, stream.Length - at);
            if (stream.Length - at - headerSize < length)
                break;
            frames.Add(stream[(at + headerSize)..(at + headerSize + (int)length)]);
            at += headerSize + (int)length;
        }
        return new Outcome(frames, null, stream.Length - at);
    }
}
