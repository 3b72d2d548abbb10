namespace Lab.Probes.Census;

/// <summary>One census: counts per TCP state (all eleven, zeros included), the rows, the listeners.</summary>
internal sealed record CensusSample(
    DateTimeOffset At,
    int? Port,
    IReadOnlyDictionary<string, int> States,
    IReadOnlyList<CensusRow> Rows,
    IReadOnlyList<ListenerRow> Listeners,
    IReadOnlyDictionary<string, int>? Udp);
