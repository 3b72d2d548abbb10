using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using Lab.Probes.Kernel;

namespace Lab.Probes.Http;

/// <summary>
/// Sends N requests with C concurrent workers in one mode, with HttpClient + SocketsHttpHandler, and
/// accounts for every connection: the handler's ConnectCallback records each socket, the kernel's table
/// gives the TIME_WAIT sockets left on each side, and the lab endpoint's replies give the server's view.
/// </summary>
public sealed class HttpProbe(Uri target, int requests, int concurrency, Action<string>? progress = null)
{
    public async Task<HttpModeResult> RunAsync(HttpMode mode, CancellationToken cancellationToken = default)
    {
        var recorder = new SocketRecorder();
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
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<string, int>();
        var serverView = new ConcurrentBag<(long PortId, int Request)>();
        var next = 0;
        var done = 0;

        var clock = Stopwatch.StartNew();
        using var reporter = new Timer(_ => progress?.Invoke($"{Name(mode)}: {Volatile.Read(ref done)}/{requests} requests"),
            null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = NewRequest(mode);
                    using var response = await client.SendAsync(request, cancellationToken);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        if (LabEndpointView.Parse(body) is { } view)
                            serverView.Add((view.PortId, view.Request));
                    }
                    else
                    {
                        errors.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                    }
                }
                catch (HttpRequestException e)
                {
                    errors.AddOrUpdate(e.HttpRequestError.ToString(), 1, (_, n) => n + 1);
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    errors.AddOrUpdate("Timeout", 1, (_, n) => n + 1);
                }
                Interlocked.Increment(ref done);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        handler.Dispose(); // close pooled keep-alive connections now, so their TIME_WAIT shows below

        var sockets = recorder.Sockets;
        var ports = sockets.Select(s => s.LocalPort).ToHashSet();
        var (clientSide, serverSide) = await CountTimeWaitAsync(ports, target.Port);
        var lat = Latencies.Of(latencies.ToArray());
        var serverConnections = serverView.IsEmpty ? (int?)null : serverView.Select(v => v.PortId).Distinct().Count();
        return new HttpModeResult
        {
            Requests = requests,
            Ok = latencies.Count,
            Failed = requests - latencies.Count,
            Errors = new SortedDictionary<string, int>(errors),
            Seconds = Math.Round(seconds, 3),
            Rps = Math.Round(latencies.Count / seconds, 1),
            P50Ms = lat.P50Ms,
            P90Ms = lat.P90Ms,
            P99Ms = lat.P99Ms,
            MaxMs = lat.MaxMs,
            ConnectionsOpened = sockets.Count,
            ConnectionsUnused = recorder.Unused,
            DistinctClientPorts = ports.Count,
            RequestsPerConnection = sockets.Count == 0 ? 0 : Math.Round((double)latencies.Count / sockets.Count, 2),
            TimeWait = clientSide + serverSide,
            TimeWaitClientSide = clientSide,
            TimeWaitServerSide = serverSide,
            ConnectionsPerSecond = Math.Round(sockets.Count / seconds, 1),
            ServerConnections = serverConnections,
            ServerRequestsPerConnection = serverConnections is { } n and > 0 ? Math.Round((double)serverView.Count / n, 2) : null,
        };
    }

    public static string Name(HttpMode mode) => mode == HttpMode.Short ? "short" : "keepalive";

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
    private static async Task<(int Client, int Server)> CountTimeWaitAsync(HashSet<int> clientPorts, int targetPort)
    {
        await Task.Delay(200);
        var table = TcpTable.Read();
        var client = table.Count(e => e.State == TcpState.TimeWait && e.Remote.Port == targetPort && clientPorts.Contains(e.Local.Port));
        var server = table.Count(e => e.State == TcpState.TimeWait && e.Local.Port == targetPort && clientPorts.Contains(e.Remote.Port));
        return (client, server);
    }
}
