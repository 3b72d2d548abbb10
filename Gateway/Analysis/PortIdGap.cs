namespace Lab.Gateway.Analysis;

/// <summary>Port ids missing between two consecutive connections, and what took each according to the
/// journal ("#Port&lt;0.N&gt; http 127.0.0.1:45794", or "(no journal entry)").</summary>
public sealed record PortIdGap(long From, long To, IReadOnlyList<string> TakenBy)
{
    /// <summary>The gaps in an ascending run of ids, explained by <paramref name="journal"/>.</summary>
    public static IReadOnlyList<PortIdGap> Find(IEnumerable<long> ids, IReadOnlyList<PortJournalEntry> journal)
    {
        var sorted = ids.Distinct().Order().ToList();
        var byId = journal.GroupBy(j => j.PortId).ToDictionary(g => g.Key, g => g.First());
        var gaps = new List<PortIdGap>();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i] == sorted[i - 1] + 1)
                continue;
            var takenBy = new List<string>();
            for (var id = sorted[i - 1] + 1; id < sorted[i]; id++)
                takenBy.Add(byId.TryGetValue(id, out var entry) ? $"#Port<0.{id}> {entry.TakenBy} {entry.Detail}" : $"#Port<0.{id}> (no journal entry)");
            gaps.Add(new PortIdGap(sorted[i - 1], sorted[i], takenBy));
        }
        return gaps;
    }
}
