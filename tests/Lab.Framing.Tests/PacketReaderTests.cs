using System.Buffers;
using Lab.Testing;

namespace Lab.Framing.Tests;

public class PacketReaderTests
{
    public static TheoryData<int> HeaderSizes => new() { 1, 2, 4 };

    [Theory]
    [MemberData(nameof(HeaderSizes))]
    public void WholeFrameIsReadForEveryHeaderSize(int headerSize)
    {
        var payload = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        var wire = PacketWriter.Encode(payload, headerSize);
        var reader = new PacketReader(headerSize, 65536);

        var result = reader.Read(new ReadOnlySequence<byte>(wire));

        Assert.Equal(PacketReadStatus.Frame, result.Status);
        Assert.Equal(payload, result.Payload.ToArray());
        Assert.Equal(wire.Length, new ReadOnlySequence<byte>(wire).Slice(0, result.Consumed).Length);
    }

    [Theory]
    [MemberData(nameof(HeaderSizes))]
    public void EveryTruncatedPrefixNeedsMoreAndConsumesNothing(int headerSize)
    {
        var wire = PacketWriter.Encode(new byte[37], headerSize);
        var reader = new PacketReader(headerSize, 65536);

        for (var n = 0; n < wire.Length; n++)
        {
            var input = new ReadOnlySequence<byte>(wire, 0, n);
            var result = reader.Read(input);
            var expected = n < headerSize ? PacketReadStatus.NeedHeader : PacketReadStatus.NeedBody;
            Assert.Equal(expected, result.Status);
            Assert.Equal(input.Start, result.Consumed);
            Assert.Equal(input.End, result.Examined);
        }
    }

    [Theory]
    [MemberData(nameof(HeaderSizes))]
    public void FrameSplitAcrossSegmentsAtEveryBoundaryReadsTheSame(int headerSize)
    {
        var payload = "hello, gateway"u8.ToArray();
        var wire = PacketWriter.Encode(payload, headerSize);
        var reader = new PacketReader(headerSize, 65536);

        for (var split = 1; split < wire.Length; split++)
        {
            var input = SegmentedSequence.Split(wire, split);
            var result = reader.Read(input);
            Assert.Equal(PacketReadStatus.Frame, result.Status);
            Assert.Equal(payload, result.Payload.ToArray());
        }
    }

    [Fact]
    public void HeaderSplitIntoSingleBytesIsDecoded()
    {
        var wire = PacketWriter.Encode(new byte[300], 4);
        var result = new PacketReader(4, 65536).Read(SegmentedSequence.Split(wire, 1, 2, 3, 4));
        Assert.Equal(PacketReadStatus.Frame, result.Status);
        Assert.Equal(300, result.Payload.Length);
    }

    [Theory]
    [MemberData(nameof(HeaderSizes))]
    public void ZeroLengthFrameIsLegal(int headerSize)
    {
        var result = new PacketReader(headerSize, 65536).Read(new ReadOnlySequence<byte>(new byte[headerSize]));
        Assert.Equal(PacketReadStatus.Frame, result.Status);
        Assert.True(result.Payload.IsEmpty);
    }

    [Fact]
    public void LengthEqualToMaxIsAFrameAndMaxPlusOneIsHeadError()
    {
        var reader = new PacketReader(4, 1000);
        Assert.Equal(PacketReadStatus.Frame, reader.Read(new ReadOnlySequence<byte>(PacketWriter.Encode(new byte[1000], 4))).Status);

        var tooLong = reader.Read(new ReadOnlySequence<byte>(new byte[] { 0, 0, 0x03, 0xE9 }));
        Assert.Equal(PacketReadStatus.HeadError, tooLong.Status);
        Assert.Equal(1001u, tooLong.HeadError.DeclaredLength);
        Assert.Equal(1000, tooLong.HeadError.MaxPacket);
    }

    [Fact]
    public void GetPrefixIsHeadErrorWithDecodedLength()
    {
        var result = new PacketReader(4, 65536).Read(new ReadOnlySequence<byte>("GET "u8.ToArray()));
        Assert.Equal(PacketReadStatus.HeadError, result.Status);
        Assert.Equal(1195725856u, result.HeadError.DeclaredLength);
        Assert.Equal("0x47455420", result.HeadError.DeclaredLengthHex);
    }

    [Theory]
    [MemberData(nameof(BadHeads.All), MemberType = typeof(BadHeads))]
    public void BadHeadsAreHeadErrorsAsSoonAsTheHeaderArrives(string name, byte[] bytes, uint declared, string origin)
    {
        _ = origin;
        var reader = new PacketReader(4, 65536);
        var result = reader.Read(new ReadOnlySequence<byte>(bytes, 0, 4));
        Assert.True(result.Status == PacketReadStatus.HeadError, name);
        Assert.Equal(declared, result.HeadError.DeclaredLength);
        // With more bytes the verdict is the same: the length is judged from the header alone.
        Assert.Equal(PacketReadStatus.HeadError, reader.Read(new ReadOnlySequence<byte>(bytes)).Status);
    }

    [Fact]
    public void ManyFramesInOneBufferAreReadInOrder()
    {
        var wire = Enumerable.Range(0, 50).SelectMany(i => PacketWriter.Encode(new byte[i], 2)).ToArray();
        var reader = new PacketReader(2, 65536);
        var input = SegmentedSequence.Split(wire, 7, 100, 333);
        var lengths = new List<long>();
        PacketReadResult result;
        while ((result = reader.Read(input)).Status == PacketReadStatus.Frame)
        {
            lengths.Add(result.Payload.Length);
            input = input.Slice(result.Consumed);
        }
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), lengths);
        Assert.Equal(PacketReadStatus.NeedHeader, result.Status);
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void PacketOneNeverExceedsDefaultMax()
    {
        var result = new PacketReader(1, 65536).Read(new ReadOnlySequence<byte>(new byte[] { 0xFF }));
        Assert.Equal(PacketReadStatus.NeedBody, result.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    public void OnlyGenTcpHeaderWidthsAreAccepted(int headerSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketReader(headerSize, 100));
}
