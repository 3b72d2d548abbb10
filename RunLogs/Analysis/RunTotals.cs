namespace Lab.Logs.Analysis;

/// <summary>A run's <c>totals</c> line: the connections it accepted and what its logs lost (the last two are
/// null in logs from before they were counted).</summary>
internal sealed record RunTotals(long Accepted, long LogWriteFailures, long? LogLinesLost, long? ConnectionsUnlogged);
