namespace Lab.Probes.Http;

/// <summary>How much one mode sends: a count of requests (<c>--requests</c>), or a duration
/// (<c>--duration</c>) with an optional cap on the count (<c>--out</c> writes at most 1,000,000 request rows).</summary>
internal sealed record HttpLoad(int MaxRequests, TimeSpan? Duration)
{
    public static HttpLoad Count(int requests) => new(requests, null);

    public static HttpLoad For(TimeSpan duration, int maxRequests = int.MaxValue) => new(maxRequests, duration);

    public override string ToString() =>
        Duration is { } d ? $"for {Lab.Common.Cli.Duration.Format(d)}" : $"{MaxRequests} requests";
}
