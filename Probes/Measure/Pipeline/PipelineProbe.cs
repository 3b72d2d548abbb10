using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Lab.Probes.Http;

namespace Lab.Probes.Pipeline;

/// <summary>
/// HTTP/1.1 pipelining on one raw socket (the one place a raw client is justified: HttpClient never
/// pipelines): K requests are written before any response is read; every response must arrive, in
/// order (RFC 9112 section 9.3.2). The same K requests sent one after another on one keep-alive
/// connection give the time to compare with. Both run on a connection already warmed by one request,
/// alternately, <see cref="Rounds"/> times; the times are medians.
/// </summary>
internal sealed class PipelineProbe(Uri target, int depth)
{
    public const int Rounds = 5;

    public async Task<PipelineResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var pipelined = new List<double>();
        var sequential = new List<double>();
        List<RawHttpResponse> responses = [];
        string? error = null;
        for (var round = 0; round < Rounds && error is null; round++)
        {
            (var ms, responses, error) = await PipelinedAsync(cancellationToken);
            pipelined.Add(ms);
            var (sequentialMs, sequentialError) = await SequentialAsync(cancellationToken);
            if (sequentialError is not null)
                error ??= $"sequential keep-alive: {sequentialError}";
            else
                sequential.Add(sequentialMs);
        }
        var pipelinedMs = Median(pipelined);
        var sequentialMsMedian = Median(sequential);
        // A time, and so a speedup, only for runs in which every response came back: otherwise it is the time to fail.
        var complete = error is null && responses.Count == depth && sequential.Count == pipelined.Count && pipelined.Count > 0;

        // The warm-up request was number 1 on the connection: the pipelined ones must be 2..K+1.
        var numbers = responses.Select(r => LabEndpointView.Parse(r.BodyText)?.Request).ToList();
        var markers = responses.Select((r, i) => r.BodyText.Contains(Marker(i + 1), StringComparison.Ordinal)).ToList();
        var labEndpoint = numbers.Count > 0 && numbers.All(n => n is not null);
        var inOrder = responses.Count == depth && (labEndpoint
            ? numbers.Select(n => n!.Value).SequenceEqual(Enumerable.Range(2, depth))
            : markers.All(m => m));
        return new PipelineResult
        {
            Depth = depth,
            Responses = responses.Count,
            InOrder = inOrder,
            OrderCheck = labEndpoint ? "lab endpoint request numbers 2..K+1 after one warm-up request" : "each body echoes its own path marker",
            Statuses = responses.Select(r => r.Status).ToList(),
            ServerRequestNumbers = numbers,
            Rounds = pipelined.Count,
            PipelinedMs = complete ? Math.Round(pipelinedMs, 3) : null,
            SequentialMs = complete ? Math.Round(sequentialMsMedian, 3) : null,
            Speedup = complete && pipelinedMs > 0 ? Math.Round(sequentialMsMedian / pipelinedMs, 2) : null,
            Error = error,
        };
    }

    private string PathFor(int i) => $"{target.AbsolutePath}{(target.Query.Length > 0 ? target.Query + "&" : "?")}{Marker(i)}";

    private static string Marker(int i) => $"pipeline={i}";

    private static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    private async Task<(double Ms, List<RawHttpResponse> Responses, string? Error)> PipelinedAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new DnsEndPoint(target.Host, target.Port), cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var requests = new StringBuilder();
        for (var i = 1; i <= depth; i++)
            requests.Append($"GET {PathFor(i)} HTTP/1.1\r\nHost: {target.Authority}\r\n\r\n");
        var bytes = Encoding.ASCII.GetBytes(requests.ToString());
        var reader = new RawHttpResponseReader(stream);
        var responses = new List<RawHttpResponse>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var clock = new Stopwatch();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {PathFor(0)} HTTP/1.1\r\nHost: {target.Authority}\r\n\r\n"), cancellationToken);
            await reader.ReadAsync(timeout.Token); // warm-up
            clock.Start();
            await stream.WriteAsync(bytes, cancellationToken); // all K before reading anything
            for (var i = 0; i < depth; i++)
                responses.Add(await reader.ReadAsync(timeout.Token));
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or SocketException or OperationCanceledException)
        {
            return (clock.Elapsed.TotalMilliseconds, responses, e.Message);
        }
        return (clock.Elapsed.TotalMilliseconds, responses, null);
    }

    /// <summary>The same K requests one after another on one keep-alive connection; a server that is not HTTP
    /// (the gateway's frame port closes on "GET ") or stops answering is the error, not a time.</summary>
    private async Task<(double Ms, string? Error)> SequentialAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            // One request first so the connection is open, as it is for the pipelined run.
            (await client.GetAsync(target, cancellationToken)).Dispose();
            var clock = Stopwatch.StartNew();
            for (var i = 1; i <= depth; i++)
            {
                using var response = await client.GetAsync(new Uri(target, PathFor(i)), cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            return (clock.Elapsed.TotalMilliseconds, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (0, e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }
}
