namespace Lab.Bench.Cluster;

/// <summary>
/// The engine's own figures for one workload, taken from Locust's CSV as Locust computed them:
/// connections are the successful <c>connect</c> requests; operations the workload's request type
/// (<c>echo</c>: checked echoes; <c>reject</c>: closes after the bogus head, by close kind); per second is
/// Locust's Requests/s (requests over the span from its stats' start to the last request); percentiles are
/// Locust's, in milliseconds, from the busiest row of the operation type; errors are its failures.csv.
/// </summary>
internal sealed record EngineCounts(
    long Connections,
    long ConnectFailures,
    double ConnectsPerSecond,
    long Operations,
    long OperationFailures,
    double OperationsPerSecond,
    IReadOnlyDictionary<string, long> OperationsByName,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    double? MaxMs,
    double? ConnectP50Ms,
    double? ConnectP95Ms,
    double? ConnectP99Ms,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorsByKind)
{
    public static EngineCounts From(LocustResult result, ClusterWorkload workload)
    {
        var connects = result.Rows("connect").ToList();
        var operations = result.Rows(workload.OperationType).ToList();
        var busiest = operations.OrderByDescending(r => r.Requests).FirstOrDefault();
        var connect = connects.OrderByDescending(r => r.Requests).FirstOrDefault();
        return new EngineCounts(
            connects.Sum(r => r.Successes), connects.Sum(r => r.Failures), connects.Sum(r => r.RequestsPerSecond),
            operations.Sum(r => r.Successes), operations.Sum(r => r.Failures), operations.Sum(r => r.RequestsPerSecond),
            operations.ToDictionary(r => r.Name, r => r.Successes),
            Usable(busiest?.Percentile("50%")), Usable(busiest?.Percentile("95%")), Usable(busiest?.Percentile("99%")), busiest?.MaxMs,
            Usable(connect?.Percentile("50%")), Usable(connect?.Percentile("95%")), Usable(connect?.Percentile("99%")),
            result.Failures.Sum(f => f.Occurrences),
            result.Failures.GroupBy(f => $"{f.Type} {f.Name}: {f.Error}").ToDictionary(g => g.Key, g => g.Sum(f => f.Occurrences)));
    }

    private static double? Usable(double? v) => v is { } d && !double.IsNaN(d) ? d : null;
}
