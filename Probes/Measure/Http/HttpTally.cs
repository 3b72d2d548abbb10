using System.Collections.Concurrent;

namespace Lab.Probes.Http;

/// <summary>
/// What one mode's requests add up to, in stores whose size does not depend on the number of requests:
/// three latency histograms, failures by kind, and the lab endpoint's view as two counters.
/// </summary>
internal sealed class HttpTally
{
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private int _ok;
    private int _serverReplies;
    private int _serverConnections;

    /// <summary>TCP connect, for the ok requests that were the first on their connection.</summary>
    public LatencyHistogram Connect { get; } = new();

    /// <summary>Request start to the first response byte read, ok requests.</summary>
    public LatencyHistogram FirstByte { get; } = new();

    /// <summary>Request start to the last body byte read, ok requests (the table's "latency" rows).</summary>
    public LatencyHistogram Total { get; } = new();

    public int Ok => Volatile.Read(ref _ok);

    public IReadOnlyDictionary<string, int> Errors => new SortedDictionary<string, int>(_errors);

    /// <summary>Replies numbered 1: the lab endpoint numbers the requests of each connection from 1, so
    /// these are the connections it served. A counter rather than a set of port ids: a long short-mode
    /// run keeps nothing per connection.</summary>
    public int? ServerConnections => Volatile.Read(ref _serverReplies) == 0 ? null : Volatile.Read(ref _serverConnections);

    public double? ServerRequestsPerConnection =>
        ServerConnections is { } n and > 0 ? Math.Round((double)Volatile.Read(ref _serverReplies) / n, 2) : null;

    public long FootprintBytes => Connect.FootprintBytes + FirstByte.FootprintBytes + Total.FootprintBytes;

    public void Succeeded(RequestTiming request, string body)
    {
        Interlocked.Increment(ref _ok);
        Total.RecordUs(request.TotalUs);
        if (request.FirstByteUs is { } firstByte)
            FirstByte.RecordUs(firstByte);
        if (request.ConnectUs is { } connect)
            Connect.RecordUs(connect);
        if (LabEndpointView.Parse(body) is { } view)
        {
            Interlocked.Increment(ref _serverReplies);
            if (view.Request == 1)
                Interlocked.Increment(ref _serverConnections);
        }
    }

    public void Failed(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
}
