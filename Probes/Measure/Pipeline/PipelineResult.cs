namespace Lab.Probes.Pipeline;

/// <summary>What <c>probe pipeline</c> measured.</summary>
internal sealed record PipelineResult
{
    public required int Depth { get; init; }
    public required int Responses { get; init; }
    public required bool InOrder { get; init; }

    /// <summary>How order was checked: the lab endpoint's per-connection request number, or each body echoing its marker.</summary>
    public required string OrderCheck { get; init; }
    public required IReadOnlyList<int> Statuses { get; init; }
    public required IReadOnlyList<int?> ServerRequestNumbers { get; init; }
    /// <summary>Alternating rounds of pipelined and sequential runs; the times are their medians.</summary>
    public required int Rounds { get; init; }
    /// <summary>The medians; null unless every round got every response (a time to fail is not a time to compare).</summary>
    public required double? PipelinedMs { get; init; }
    public required double? SequentialMs { get; init; }

    /// <summary>Sequential ÷ pipelined; null (NO DATA) unless both are.</summary>
    public required double? Speedup { get; init; }
    public string? Error { get; init; }
}
