using System.Numerics;

namespace Lab.Probes.Http;

/// <summary>A set of TCP ports as a 65,536-bit map: 8 KiB however many connections a run opens.</summary>
internal sealed class PortSet
{
    private readonly long[] _words = new long[65536 / 64];

    public void Add(int port) => Interlocked.Or(ref _words[port >> 6], 1L << (port & 63));

    public bool Contains(int port) => (Volatile.Read(ref _words[port >> 6]) & (1L << (port & 63))) != 0;

    public int Count => _words.Sum(w => BitOperations.PopCount((ulong)w));
}
