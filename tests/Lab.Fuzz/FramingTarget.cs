using System.Buffers;
using Lab.Framing;
using Lab.Testing;

namespace Lab.Fuzz;

/// <summary>
/// The fuzzing target: the first byte picks the header width and how the rest is cut into segments,
/// the second the maximum packet size; the rest is the byte stream. PacketReader must agree with the
/// reference decoder and never throw; a disagreement throws, which afl++ records as a crash.
/// </summary>
public static class FramingTarget
{
    public static void Check(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
            return;
        var header = (data[0] % 3) switch { 0 => 1, 1 => 2, _ => 4 };
        var step = (data[0] >> 2) % 7 + 1;
        var max = data[1] * 300;
        var stream = data[2..].ToArray();

        var expected = ReferenceDecoder.Decode(stream, header, max);
        var reader = new PacketReader(header, max);
        var input = SegmentedSequence.Chunked(stream, step);
        var frames = 0;
        PacketReadResult r;
        while ((r = reader.Read(input)).Status == PacketReadStatus.Frame)
        {
            if (frames >= expected.Frames.Count || !r.Payload.ToArray().AsSpan().SequenceEqual(expected.Frames[frames]))
                throw new InvalidOperationException($"frame {frames} differs from the reference decoder");
            frames++;
            input = input.Slice(r.Consumed);
        }
        if (frames != expected.Frames.Count)
            throw new InvalidOperationException($"{frames} frames, the reference decoder found {expected.Frames.Count}");
        var agrees = r.Status == PacketReadStatus.HeadError
            ? expected.HeadErrorLength == r.HeadError.DeclaredLength
            : expected.HeadErrorLength is null && input.Length == expected.Leftover;
        if (!agrees)
            throw new InvalidOperationException($"ends in {r.Status}, the reference decoder disagrees");
    }
}
