using System.Buffers;

namespace Lab.Testing;

/// <summary>Builds multi-segment sequences, as a pipe hands bytes over when they arrive in pieces. One
/// source file, linked into the tests, the fuzz target and the micro-benchmarks.</summary>
internal static class SegmentedSequence
{
    /// <summary>Cuts <paramref name="bytes"/> at the given offsets (out-of-range and repeated cuts ignored).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        if (bytes.Length == 0)
            return ReadOnlySequence<byte>.Empty;
        var bounds = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length).ToArray();
        Segment? first = null, last = null;
        var start = 0;
        foreach (var end in bounds)
        {
            var memory = bytes.AsMemory(start, end - start);
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
            start = end;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>Cuts <paramref name="bytes"/> into segments of <paramref name="size"/> bytes.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int size) =>
        Split(bytes, Enumerable.Range(1, Math.Max(0, (bytes.Length - 1) / size)).Select(i => i * size).ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
