namespace Lab.Probes.Http;

/// <summary>Where the probe hands each finished request and each closed connection as it goes
/// (<c>--out</c>: one CSV row each), so that it keeps none of them itself.</summary>
internal interface IHttpRecords
{
    void Request(HttpMode mode, RequestTiming request);

    void Connection(HttpMode mode, ConnectionTrack connection);
}
