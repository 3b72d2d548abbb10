namespace Lab.BrowserLab.Clients;

/// <summary>clients.json (also the whole of stdout with <c>--json</c>). <see cref="Vary"/> is null unless
/// <c>--vary</c> re-ran the clients whose bounding setting can be changed.</summary>
internal sealed record ClientsResult(string Gateway, IReadOnlyList<ClientRun> Runs, IReadOnlyList<ClientSummary> Summary)
{
    public VariedRuns? Vary { get; init; }

    /// <summary>Stopped by SIGINT or SIGTERM: <see cref="Runs"/> holds the attempts that ended before it.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Attempts the run was asked for (policies × trials × clients).</summary>
    public int AttemptsPlanned { get; init; }

    public static IReadOnlyList<ClientSummary> Summarize(IEnumerable<ClientRun> runs) =>
        runs.GroupBy(r => (r.Client, r.Policy))
            .Select(g =>
            {
                var counts = g.Select(r => r.Connections).Order().ToList();
                var median = counts.Count % 2 == 1 ? counts[counts.Count / 2] : (counts[counts.Count / 2 - 1] + counts[counts.Count / 2]) / 2.0;
                return new ClientSummary(g.Key.Client, g.Key.Policy, median, counts[0], counts[^1]);
            })
            .ToList();
}
