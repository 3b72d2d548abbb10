using System.Buffers;
using BenchmarkDotNet.Attributes;
using Lab.Framing;
using Lab.Testing;

namespace Lab.Micro;

/// <summary>The framing hot paths, with allocations: reading 64 frames of 64 bytes from one segment and
/// from 7-byte segments (headers split across them), the head_error path, and writing frames.</summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private const int Frames = 64;
    private readonly PacketReader _reader = new(4, 65536);
    private ReadOnlySequence<byte> _single;
    private ReadOnlySequence<byte> _multi;
    private ReadOnlySequence<byte> _bogusGet;
    private readonly ArrayBufferWriter<byte> _output = new(Frames * 80);
    private readonly byte[] _payload = new byte[64];

    [GlobalSetup]
    public void Setup()
    {
        var wire = Enumerable.Range(0, Frames).SelectMany(_ => PacketWriter.Encode(_payload, 4)).ToArray();
        _single = new ReadOnlySequence<byte>(wire);
        _multi = SegmentedSequence.Chunked(wire, 7);
        _bogusGet = new ReadOnlySequence<byte>("GET /anything HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int ReadSingleSegment() => ReadAll(_single);

    [Benchmark(OperationsPerInvoke = Frames)]
    public int ReadMultiSegment() => ReadAll(_multi);

    [Benchmark]
    public uint HeadError() => _reader.Read(_bogusGet).HeadError.DeclaredLength;

    [Benchmark(OperationsPerInvoke = Frames)]
    public int WriteFrames()
    {
        _output.ResetWrittenCount();
        for (var i = 0; i < Frames; i++)
            PacketWriter.Write(_output, _payload, 4);
        return _output.WrittenCount;
    }

    private int ReadAll(ReadOnlySequence<byte> input)
    {
        var n = 0;
        PacketReadResult r;
        while ((r = _reader.Read(input)).Status == PacketReadStatus.Frame)
        {
            n++;
            input = input.Slice(r.Consumed);
        }
        return n;
    }
}
