namespace Lab.Logs.Analysis;

/// <summary>The counts at the foot of <c>gateway analyze</c>.</summary>
internal sealed record AnalysisSummary
{
    public required int Connections { get; init; }
    public required int Refused { get; init; }
    public required int HttpEndpointConnections { get; init; }
    public required int HeadErrors { get; init; }
    public required IReadOnlyDictionary<string, int> HeadErrorsByOrigin { get; init; }
    public required IReadOnlyDictionary<string, int> HeadErrorsByLength { get; init; }
    public required IReadOnlyDictionary<string, int> Reasons { get; init; }
    public required int Bursts { get; init; }
    public required int Silent { get; init; }

    /// <summary>Connections from the probes' reachability check (<see cref="Lab.Logs.LogContract.ReachabilityCheckSource"/>,
    /// nothing sent): the lab's own, counted apart from silent ones.</summary>
    public int ReachabilityChecks { get; init; }
    public required int Gaps { get; init; }
    public required int ProblemLines { get; init; }
    public IReadOnlyList<string> ProblemExamples { get; init; } = [];
    public required bool HasJournal { get; init; }

    /// <summary>Of <see cref="ProblemLines"/>, the lines a gateway killed mid-write left cut (each followed by a <c>log_cut</c>).</summary>
    public int CutLines { get; init; }

    /// <summary>Connections the gateway's own <c>totals</c> say it accepted (every run's added up); null when no
    /// run wrote one (killed, or its logs lost the line).</summary>
    public long? AcceptedByTotals { get; init; }

    /// <summary>Connections the totals count that have no <c>init ok</c> in the logs read: what a full disk (or
    /// retention) took; null when there are no totals to compare with.</summary>
    public long? MissingConnections { get; init; }

    /// <summary>Failed log writes the totals count (every run's added up).</summary>
    public long LogWriteFailures { get; init; }

    /// <summary>The directory's runs, from their <c>run_start</c> lines (more than one with <c>--append</c>; none in older logs).</summary>
    public IReadOnlyList<RunStart> Runs { get; init; } = [];

    /// <summary>Rolled log files that retention deleted before the analysis: the run's earliest connections are missing.</summary>
    public long DeletedLogFiles { get; init; }
    public required string Source { get; init; }
}
