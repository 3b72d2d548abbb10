using System.Diagnostics;
using System.Net;
using System.Net.Http;
using Lab.Probes.Kernel;

namespace Lab.Probes.Http;

/// <summary>
/// Sends a load (N requests, or requests for a duration) with C concurrent workers in one mode, with
/// HttpClient + SocketsHttpHandler, and accounts for every connection: the handler's ConnectCallback
/// records and times each socket, its stream stamps each request's first response byte, the kernel's
/// table gives the TIME_WAIT sockets left on each side, and the lab endpoint's replies give the server's
/// view. Nothing it keeps grows with the number of requests (<see cref="HttpTally"/>, <see cref="SocketRecorder"/>).
/// </summary>
internal sealed class HttpProbe(Uri target, HttpLoad load, int concurrency, Action<string>? progress = null)
{
    public HttpProbe(Uri target, int requests, int concurrency, Action<string>? progress = null)
        : this(target, HttpLoad.Count(requests), concurrency, progress)
    {
    }

    /// <summary>Gets every request and connection as it finishes (<c>--out</c>); null keeps none.</summary>
    public IHttpRecords? Records { get; init; }

    /// <param name="stop">Ends the load early (Ctrl+C): no request is started after it, the ones in flight finish
    /// (each within the client's timeout), and the result covers what was sent.</param>
    public async Task<HttpModeResult> RunAsync(HttpMode mode, CancellationToken stop = default)
    {
        var records = Records;
        var recorder = new SocketRecorder(records is null ? null : c => records.Connection(mode, c));
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = recorder.ConnectAsync,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            UseProxy = false,
            AllowAutoRedirect = false,
            // A measuring instrument: no cookie jar to consult and update on every request and response.
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var tally = new HttpTally();
        var done = 0;

        var clock = Stopwatch.StartNew();
        var budget = new RequestBudget(load); // after the clock: a duration run's seconds are never under its duration
        using var reporter = new Timer(_ => progress?.Invoke(Progress(mode, Volatile.Read(ref done), budget.Elapsed)),
            null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && budget.TryTake(out var index))
            {
                var request = new RequestTiming(index);
                RequestTiming.Current.Value = request;
                await SendAsync(client, mode, request, tally);
                records?.Request(mode, request);
                Interlocked.Increment(ref done);
            }
        })).ToList();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        handler.Dispose(); // close pooled keep-alive connections now, so their TIME_WAIT shows below
        recorder.ReportOpen();

        var opened = recorder.Opened;
        var (clientSide, serverSide) = await CountTimeWaitAsync(recorder.Ports, target.Port);
        var total = tally.Total.Percentiles();
        var lat = Latencies.Of(total);
        var ok = tally.Ok;
        return new HttpModeResult
        {
            Requests = done,
            Ok = ok,
            Failed = done - ok,
            Errors = tally.Errors,
            Seconds = Math.Round(seconds, 3),
            Rps = Math.Round(ok / seconds, 1),
            P50Ms = lat.P50Ms,
            P90Ms = lat.P90Ms,
            P99Ms = lat.P99Ms,
            MaxMs = lat.MaxMs,
            ConnectionsOpened = opened,
            ConnectionsUnused = recorder.Unused,
            DistinctClientPorts = recorder.Ports.Count,
            RequestsPerConnection = opened == 0 ? 0 : Math.Round((double)ok / opened, 2),
            TimeWait = clientSide + serverSide,
            TimeWaitClientSide = clientSide,
            TimeWaitServerSide = serverSide,
            ConnectionsPerSecond = Math.Round(opened / seconds, 1),
            ServerConnections = tally.ServerConnections,
            ServerRequestsPerConnection = tally.ServerRequestsPerConnection,
            ConnectUs = tally.Connect.Percentiles(),
            FirstByteUs = tally.FirstByte.Percentiles(),
            TotalUs = total,
            LatencyStoreBytes = tally.FootprintBytes,
            StoppedAtCap = budget.CapReached,
        };
    }

    public static string Name(HttpMode mode) => mode == HttpMode.Short ? "short" : "keepalive";

    private async Task SendAsync(HttpClient client, HttpMode mode, RequestTiming timing, HttpTally tally)
    {
        try
        {
            using var request = NewRequest(mode);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            timing.Finished();
            timing.Ended(((int)response.StatusCode).ToString());
            if (response.IsSuccessStatusCode)
                tally.Succeeded(timing, body);
            else
                tally.Failed($"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            Failed(e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException)
        {
            Failed("Timeout");
        }

        void Failed(string kind)
        {
            timing.Finished();
            timing.Ended(kind);
            tally.Failed(kind);
        }
    }

    private string Progress(HttpMode mode, int done, TimeSpan elapsed) => load.Duration is { } duration
        ? $"{Name(mode)}: {done} requests, {elapsed.TotalSeconds:0} s of {Lab.Common.Cli.Duration.Format(duration)}"
        : $"{Name(mode)}: {done}/{load.MaxRequests} requests";

    private HttpRequestMessage NewRequest(HttpMode mode)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        if (mode == HttpMode.Short)
        {
            // HTTP/1.0 without keep-alive: the server answers and closes, one connection per request.
            request.Version = HttpVersion.Version10;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            request.Headers.ConnectionClose = true;
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        return request;
    }

    /// <summary>TIME_WAIT toward the target's port from this run's client ports: on our side (we closed
    /// first) and on the server's (it closed first), read from the kernel once the last close settled.</summary>
    private static async Task<(int Client, int Server)> CountTimeWaitAsync(PortSet clientPorts, int targetPort)
    {
        await Task.Delay(200);
        var table = TcpTable.Read();
        var client = table.Count(e => e.State == TcpState.TimeWait && e.Remote.Port == targetPort && clientPorts.Contains(e.Local.Port));
        var server = table.Count(e => e.State == TcpState.TimeWait && e.Local.Port == targetPort && clientPorts.Contains(e.Remote.Port));
        return (client, server);
    }
}
