namespace Lab.BrowserLab.NetLog;

/// <summary>
/// Links a NetLog's sources into what the lab needs: sockets (SOCKET: TCP_CONNECT local_address,
/// SOCKET_ALIVE → its connect job, bytes, SOCKET_POOL_CLOSING_SOCKET reason), who opened each (a stream
/// job bound to the connect job, or a preconnect job whose SOCKET_POOL_CONNECTING_N_SOCKETS span created
/// it — the NetLog gives no explicit link for those), and URL requests with their attempts and restarts.
/// </summary>
internal sealed class NetLogModel
{
    private NetLogModel(NetLogFile file, List<NetLogSocket> sockets, List<NetLogUrlRequest> requests)
    {
        File = file;
        Sockets = sockets;
        Requests = requests;
    }

    public NetLogFile File { get; }
    public IReadOnlyList<NetLogSocket> Sockets { get; }
    public IReadOnlyList<NetLogUrlRequest> Requests { get; }

    public static NetLogModel Build(NetLogFile file)
    {
        var bySource = file.Events.GroupBy(e => e.SourceId).ToDictionary(g => g.Key, g => g.ToList());
        var streamJobs = bySource.Values.Where(es => es[0].SourceType == "HTTP_STREAM_JOB").ToList();
        var openers = ConnectJobOpeners(bySource, streamJobs);
        var jobSocket = streamJobs
            .SelectMany(es => es.Where(e => e.Type == "SOCKET_POOL_BOUND_TO_SOCKET" && e.DependencyId is not null)
                .Select(e => (Job: e.SourceId, Socket: e.DependencyId!.Value)))
            .GroupBy(x => x.Job).ToDictionary(g => g.Key, g => g.Last().Socket);
        // Events are written in order: a socket whose connect ended before the job asked the pool sat idle.
        var jobAsked = streamJobs
            .Select(es => es.FirstOrDefault(e => e.Type == "SOCKET_POOL" && e.Phase == NetLogEvent.PhaseBegin))
            .OfType<NetLogEvent>()
            .ToDictionary(e => e.SourceId, e => e.Order);
        var socketConnected = bySource.Values
            .Where(es => es[0].SourceType == "SOCKET")
            .Select(es => es.FirstOrDefault(e => e.Type == "TCP_CONNECT" && e.Phase == NetLogEvent.PhaseEnd))
            .OfType<NetLogEvent>()
            .ToDictionary(e => e.SourceId, e => e.Order);
        bool TookIdle(long job) => jobSocket.TryGetValue(job, out var socket) && jobAsked.TryGetValue(job, out var asked)
                                   && socketConnected.TryGetValue(socket, out var connected) && connected < asked;

        var sockets = bySource.Values
            .Where(es => es[0].SourceType == "SOCKET")
            .Select(es => ToSocket(es, openers))
            .OfType<NetLogSocket>()
            .ToList();
        var requests = bySource.Values
            .Where(es => es[0].SourceType == "URL_REQUEST")
            .Select(es => ToRequest(es, jobSocket, TookIdle, file.LoadFlags.GetValueOrDefault("VALIDATE_CACHE")))
            .OfType<NetLogUrlRequest>()
            .OrderBy(r => r.StartTime)
            .ToList();
        return new NetLogModel(file, sockets, requests);
    }

    private sealed record OpenerInfo(string Kind, int NumSockets, long JobId);

    private static Dictionary<long, OpenerInfo> ConnectJobOpeners(Dictionary<long, List<NetLogEvent>> bySource, List<List<NetLogEvent>> streamJobs)
    {
        var openers = new Dictionary<long, OpenerInfo>();
        var connectJobCreated = bySource.Values
            .Where(es => es[0].SourceType.EndsWith("CONNECT_JOB", StringComparison.Ordinal))
            .ToDictionary(es => es[0].SourceId, es => es[0].Order);

        foreach (var job in streamJobs)
        {
            foreach (var bound in job.Where(e => e.Type == "SOCKET_POOL_BOUND_TO_CONNECT_JOB" && e.DependencyId is not null))
                openers[bound.DependencyId!.Value] = new OpenerInfo("request", 1, bound.SourceId);

            var begin = job.FirstOrDefault(e => e.Type == "SOCKET_POOL_CONNECTING_N_SOCKETS" && e.Phase == NetLogEvent.PhaseBegin);
            if (begin is null)
                continue;
            var end = job.FirstOrDefault(e => e.Type == "SOCKET_POOL_CONNECTING_N_SOCKETS" && e.Phase == NetLogEvent.PhaseEnd);
            var numSockets = int.TryParse(begin.Param("num_sockets"), out var n) ? n : 0;
            foreach (var (connectJob, created) in connectJobCreated)
            {
                if (created > begin.Order && created < (end?.Order ?? int.MaxValue))
                    openers.TryAdd(connectJob, new OpenerInfo("preconnect", numSockets, begin.SourceId));
            }
        }
        return openers;
    }

    private static NetLogSocket? ToSocket(List<NetLogEvent> events, Dictionary<long, OpenerInfo> openers)
    {
        var connect = events.FirstOrDefault(e => e.Type == "TCP_CONNECT" && e.Phase == NetLogEvent.PhaseEnd && e.Param("local_address") is not null);
        if (connect is null)
            return null; // never connected
        var connectJob = events.FirstOrDefault(e => e.Type == "SOCKET_ALIVE" && e.Phase == NetLogEvent.PhaseBegin)?.DependencyId;
        var sends = events.Where(e => e.Type == "SOCKET_BYTES_SENT").ToList();
        var opener = connectJob is { } id ? openers.GetValueOrDefault(id) : null;
        return new NetLogSocket
        {
            SourceId = connect.SourceId,
            LocalAddress = connect.Param("local_address")!,
            RemoteAddress = connect.Param("remote_address") ?? "",
            ConnectedTime = connect.Time,
            ConnectJobId = connectJob,
            BytesSent = sends.Sum(e => long.TryParse(e.Param("byte_count"), out var b) ? b : 0),
            BytesReceived = events.Where(e => e.Type == "SOCKET_BYTES_RECEIVED").Sum(e => long.TryParse(e.Param("byte_count"), out var b) ? b : 0),
            FirstSendTime = sends.FirstOrDefault()?.Time,
            ClosedTime = events.LastOrDefault(e => e.Type == "SOCKET_ALIVE" && e.Phase == NetLogEvent.PhaseEnd)?.Time,
            CloseReason = events.LastOrDefault(e => e.Type == "SOCKET_POOL_CLOSING_SOCKET")?.Param("reason"),
            Opener = opener?.Kind ?? "unknown",
            OpenerNumSockets = opener?.NumSockets ?? 0,
            OpenerJobId = opener?.JobId,
        };
    }

    private static NetLogUrlRequest? ToRequest(List<NetLogEvent> events, Dictionary<long, long> jobSocket, Func<long, bool> tookIdle, int validateCacheFlag)
    {
        var alive = events.FirstOrDefault(e => e.Type == "REQUEST_ALIVE" && e.Phase == NetLogEvent.PhaseBegin);
        if (alive?.Param("url") is not { } url)
            return null;
        var start = events.FirstOrDefault(e => e.Type == "URL_REQUEST_START_JOB" && e.Phase == NetLogEvent.PhaseBegin);
        var loadFlags = int.TryParse(start?.Param("load_flags"), out var flags) ? flags : 0;
        var request = new NetLogUrlRequest
        {
            SourceId = alive.SourceId,
            Url = url,
            RequestType = start?.Param("request_type"),
            StartTime = alive.Time,
            IsReload = validateCacheFlag != 0 && (loadFlags & validateCacheFlag) != 0,
        };
        int? pendingRestart = null;
        foreach (var e in events)
        {
            switch (e.Type)
            {
                case "HTTP_STREAM_REQUEST_BOUND_TO_JOB" when e.DependencyId is { } job:
                    request.Attempts.Add(new NetLogAttempt(request.Attempts.Count + 1, job,
                        jobSocket.TryGetValue(job, out var s) ? s : null, e.Time, pendingRestart, tookIdle(job)));
                    pendingRestart = null;
                    break;
                case "HTTP_TRANSACTION_RESTART_AFTER_ERROR":
                    pendingRestart = e.NetError;
                    request.RestartErrors.Add(e.NetError ?? 0);
                    break;
                case "REQUEST_ALIVE" when e.Phase == NetLogEvent.PhaseEnd:
                    request.FinalError = e.NetError;
                    request.Ended = true;
                    break;
                case "CANCELLED":
                    request.Cancelled = true;
                    break;
                default:
                    if (e.NetError is { } error and < 0 && request.Attempts.Count > 0 && request.Attempts[^1].NetError is null)
                        request.Attempts[^1].NetError = error;
                    break;
            }
        }
        return request;
    }
}
