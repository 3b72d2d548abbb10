using Lab.Logs;

namespace Lab.BrowserLab.Report.Explorer;

/// <summary>
/// Which lanes the rows of report.html's tables lead to, from report.json's own references: a seed line's
/// <c>connections</c>, and for the notes' clock each story's <c>connection</c> (the run's connection whose measured
/// accept or request its prediction of that line repeats) — a cell leads to its story's, the row to every story's.
/// The connections table and the "what happened" sentences need none: their rows are the lanes and the navigations,
/// in order.
/// </summary>
internal static class ExplorerLinks
{
    /// <summary>What a row with no connection to show says in its cell.</summary>
    public const string None = "none in this run";

    public static IReadOnlyList<ExplorerLink> For(ExperimentReport report)
    {
        // A lane's key is its connection's position in report.json; a connection the gateway never logged has no id.
        var keyOf = report.Connections.Select((c, key) => (c.PortId, key)).Where(p => p.PortId is not null)
            .GroupBy(p => p.PortId!.Value).ToDictionary(g => g.Key, g => g.First().key);
        IReadOnlyList<int> Keys(IEnumerable<long?> ids) => ids.OfType<long>().Distinct().Where(keyOf.ContainsKey).Select(id => keyOf[id]).ToList();

        var links = report.Seed.Select((line, row) => new ExplorerLink(ExperimentDocument.SeedId, row, null, Keys(line.Connections.Select(id => (long?)id)))).ToList();
        if (report.NotesClock.NoData)
            return links;
        var hypotheses = report.NotesClock.Hypotheses;
        for (var row = 0; row < hypotheses[0].Lines.Count; row++)
        {
            links.Add(new ExplorerLink(NotesClockSection.Id, row, null, Keys(hypotheses.Select(h => h.Lines[row].Connection))));
            for (var h = 0; h < hypotheses.Count; h++)
                links.Add(new ExplorerLink(NotesClockSection.Id, row, NotesClockSection.FirstStoryColumn + h, Keys([hypotheses[h].Lines[row].Connection])));
        }
        return links;
    }

    /// <summary>A row's connections as its cell names them, in both formats: <c>#Port&lt;0.N&gt;</c>s in the gateway's
    /// order, or <see cref="None"/>.</summary>
    public static string Cell(IEnumerable<long?> portIds) =>
        portIds.OfType<long>().Distinct().Order().ToList() is { Count: > 0 } ids ? string.Join(", ", ids.Select(LogContract.FormatPort)) : None;
}
