namespace Lab.Bench.Cluster;

/// <summary>One row of Locust's <c>PREFIX_failures.csv</c>: a request type and name, the error text, and
/// how often it happened.</summary>
internal sealed record LocustFailure(string Type, string Name, string Error, long Occurrences);
