using System.Buffers;
using CsCheck;
using Lab.Fuzz;
using Lab.Testing;

namespace Lab.Framing.Tests;

/// <summary>Any byte stream, split at any points, must give the same frames and the same head_error as
/// the reference decoder, without throwing. Streams are built from valid frames, bad heads and noise.</summary>
public class PacketReaderPropertyTests
{
    private static readonly Gen<int> HeaderSize = Gen.OneOf(Gen.Const(1), Gen.Const(2), Gen.Const(4));

    /// <summary>A stream of mostly valid frames (lengths around the maximum too), sometimes ending in a
    /// bad head or plain random bytes.</summary>
    private static Gen<(int Header, int Max, byte[] Stream, int[] Cuts)> Streams =>
        from header in HeaderSize
        from max in Gen.Int[0, 300]
        from payloads in Gen.Byte.Array[0, 310].List[0, 8]
        from tail in Gen.OneOf(Gen.Const(Array.Empty<byte>()), Gen.Byte.Array[1, 12], Gen.Const("GET / HTTP/1.1\r\n"u8.ToArray()))
        let frames = payloads.Where(p => header != 1 || p.Length <= 255).SelectMany(p => PacketWriter.Encode(p, header))
        let stream = frames.Concat(tail).ToArray()
        from cuts in Gen.Int[0, Math.Max(0, stream.Length)].Array[0, 6]
        select (header, max, stream, cuts);

    [Fact]
    public void SplitAnywhereGivesTheReferenceDecodersFramesAndHeadError()
    {
        Streams.Sample(t =>
        {
            var (header, max, stream, cuts) = t;
            var expected = ReferenceDecoder.Decode(stream, header, max);
            var reader = new PacketReader(header, max);
            var input = stream.Length == 0 ? ReadOnlySequence<byte>.Empty : SegmentedSequence.Split(stream, cuts);
            var frames = new List<byte[]>();
            PacketReadResult r;
            while ((r = reader.Read(input)).Status == PacketReadStatus.Frame)
            {
                frames.Add(r.Payload.ToArray());
                input = input.Slice(r.Consumed);
            }
            var sameFrames = frames.Count == expected.Frames.Count && frames.Zip(expected.Frames).All(p => p.First.AsSpan().SequenceEqual(p.Second));
            var sameEnd = r.Status == PacketReadStatus.HeadError
                ? expected.HeadErrorLength == r.HeadError.DeclaredLength
                : expected.HeadErrorLength is null && input.Length == expected.Leftover;
            return sameFrames && sameEnd;
        }, iter: 20_000);
    }

    [Fact]
    public void RandomBytesNeverThrowAndNeverAllocateTheDeclaredLength()
    {
        Gen.Select(HeaderSize, Gen.Byte.Array[0, 64], Gen.Int[0, 70_000]).Sample((header, bytes, max) =>
        {
            var reader = new PacketReader(header, max);
            var input = new ReadOnlySequence<byte>(bytes);
            var before = GC.GetAllocatedBytesForCurrentThread();
            PacketReadResult r;
            var steps = 0;
            while ((r = reader.Read(input)).Status == PacketReadStatus.Frame && steps++ < 100)
                input = input.Slice(r.Consumed);
            // A frame's payload is a slice of the input: reading allocates nothing, whatever a header declares.
            return GC.GetAllocatedBytesForCurrentThread() - before == 0;
        }, iter: 20_000);
    }
}
