using System.Collections.Concurrent;

namespace Lab.Probes.Frames;

/// <summary>Thread-safe counts of errors by kind.</summary>
internal sealed class ErrorCounts
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public void Add(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    /// <summary>Adds <paramref name="count"/> of a kind; a zero count leaves the kind out.</summary>
    public void Add(string kind, long count)
    {
        if (count > 0)
            _counts.AddOrUpdate(kind, count, (_, n) => n + count);
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts);
}
