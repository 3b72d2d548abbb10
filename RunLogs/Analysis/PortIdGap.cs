using Lab.Logs;

namespace Lab.Logs.Analysis;

/// <summary>Port ids missing between two consecutive connections, and what took them according to the
/// journal: one entry per id (<c>#Port&lt;0.N&gt; http 127.0.0.1:45794</c>) or, in a gap of more than
/// <see cref="MaxEntries"/> ids, one entry per run of ids taken the same way (<c>#Port&lt;0.23&gt;…#Port&lt;0.9077&gt; (9055 ids) http</c>); ids without a
/// journal line read <c>(no journal entry)</c>. <see cref="Missing"/> counts the ids. Any two ids make a gap
/// whose size is computed without overflow: a damaged log's <c>-9223372036854775807</c> once made
/// <c>To - From - 1</c> wrap negative and the gap be listed id by id, without end.</summary>
internal sealed record PortIdGap(long From, long To, IReadOnlyList<string> TakenBy)
{
    /// <summary>At most this many entries per gap; the rest are summed up in a last one.</summary>
    public const int MaxEntries = 10;

    /// <summary>Up to 2^64 − 2 (from <see cref="long.MinValue"/> to <see cref="long.MaxValue"/>): unsigned.</summary>
    public ulong Missing => Span(From, To) - 1;

    /// <summary>The gaps in an ascending run of ids, explained by <paramref name="journal"/>. The work is
    /// bounded by the journal's size, never by the ids' values: a damaged log's huge id is one range.</summary>
    public static IReadOnlyList<PortIdGap> Find(IEnumerable<long> ids, IReadOnlyList<PortJournalEntry> journal)
    {
        var sorted = ids.Distinct().Order().ToList();
        var journalIds = journal.GroupBy(j => j.PortId).Select(g => g.First()).OrderBy(j => j.PortId).ToList();
        var keys = journalIds.Select(j => j.PortId).ToList();
        var gaps = new List<PortIdGap>();
        for (var i = 1; i < sorted.Count; i++)
        {
            var (from, to) = (sorted[i - 1], sorted[i]);
            if (to == from + 1)
                continue;
            gaps.Add(new PortIdGap(from, to, Describe(from, to, journalIds, keys)));
        }
        return gaps;
    }

    private static List<string> Describe(long from, long to, List<PortJournalEntry> journal, List<long> keys)
    {
        // Runs of consecutive ids taken the same way: journal lines inside the gap, and the holes between them.
        // A gap short enough to list id by id keeps every id's own detail (its peer).
        var merge = Span(from, to) - 1 > MaxEntries;
        var runs = new List<(long First, long Last, string Kind, string? Detail)>();
        void Add(long first, long last, string kind, string? detail)
        {
            if (merge && runs.Count > 0 && runs[^1].Kind == kind && runs[^1].Last == first - 1)
                runs[^1] = (runs[^1].First, last, kind, null);
            else
                runs.Add((first, last, kind, detail));
        }
        var next = from + 1;
        var at = keys.BinarySearch(next);
        for (var k = at >= 0 ? at : ~at; k < keys.Count && keys[k] < to; k++)
        {
            for (var hole = next; hole < keys[k] && !merge; hole++)
                Add(hole, hole, "(no journal entry)", null);
            if (keys[k] > next && merge)
                Add(next, keys[k] - 1, "(no journal entry)", null);
            Add(keys[k], keys[k], journal[k].TakenBy, journal[k].Detail);
            next = keys[k] + 1;
        }
        for (var hole = next; hole < to && !merge; hole++)
            Add(hole, hole, "(no journal entry)", null);
        if (next < to && merge)
            Add(next, to - 1, "(no journal entry)", null);

        var entries = runs.Take(MaxEntries).Select(r => r.First == r.Last
            ? $"{LogContract.FormatPort(r.First)} {r.Kind}{(r.Detail is null ? "" : " " + r.Detail)}"
            : $"{LogContract.FormatPort(r.First)}…{LogContract.FormatPort(r.Last)} ({Span(r.First, r.Last) + 1} ids) {r.Kind}").ToList();
        if (runs.Count > MaxEntries)
        {
            var rest = 0UL; // runs lie inside the gap, so their ids add up to at most Missing: no overflow
            foreach (var r in runs.Skip(MaxEntries))
                rest += Span(r.First, r.Last) + 1;
            entries.Add($"… {runs.Count - MaxEntries} more run(s) of ids, {rest} ids");
        }
        return entries;
    }

    /// <summary><paramref name="last"/> − <paramref name="first"/> for <paramref name="first"/> &lt;= <paramref name="last"/>, exact for
    /// any two longs: the difference wraps in two's complement and reads back right as unsigned.</summary>
    private static ulong Span(long first, long last) => unchecked((ulong)(last - first));
}
