namespace Lab.Bench.Cluster;

/// <summary>One row of Locust's <c>PREFIX_stats.csv</c> (a request type and name; the last row is
/// "Aggregated", with an empty type). Times in milliseconds as Locust reports them: it rounds each
/// response time under 100 ms to a whole millisecond before taking percentiles (stats.py
/// <c>_log_response_time</c>), so a loopback echo shows as 0 or 1.</summary>
internal sealed record LocustStatsRow(
    string Type,
    string Name,
    long Requests,
    long Failures,
    double RequestsPerSecond,
    double AverageMs,
    double MaxMs,
    IReadOnlyDictionary<string, double> PercentilesMs)
{
    /// <summary>Successful requests: what the users counted as done.</summary>
    public long Successes => Requests - Failures;

    public double? Percentile(string column) => PercentilesMs.TryGetValue(column, out var v) ? v : null;
}
