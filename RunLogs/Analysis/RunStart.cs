namespace Lab.Logs.Analysis;

/// <summary>One run of a run directory, from its <c>run_start</c> line.</summary>
/// <param name="NeverStarted">Why its start failed (<c>start_failed</c>), null when it started.</param>
internal sealed record RunStart(string RunId, DateTimeOffset At, bool Append, long FirstPortId, string? NeverStarted);
