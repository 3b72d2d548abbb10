namespace Lab.Probes.Backlog;

/// <summary>What <c>probe backlog</c> observed; the JSON fields scripts read.</summary>
internal sealed record BacklogResult
{
    public required string Mode { get; init; }
    public required string Target { get; init; }
    public required int Backlog { get; init; }
    public required int Clients { get; init; }
    public required IReadOnlyList<BacklogSample> Samples { get; init; }

    /// <summary>{name: [before, after]} from /proc/net/netstat.</summary>
    public required IReadOnlyDictionary<string, long[]> Counters { get; init; }
    public required IReadOnlyDictionary<string, string?> Settings { get; init; }
    public required int PeakAcceptQueue { get; init; }
    public required int PeakSynRecv { get; init; }
    public bool? CensusSynFloodAlert { get; init; }
    public required IReadOnlyList<string> Explanation { get; init; }
}
