using Lab.BrowserLab.Chromium;
using Lab.BrowserLab.NetLog;
using Lab.Logs.Analysis;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;
using Lab.Logs;

namespace Lab.BrowserLab.Join;

/// <summary>
/// Joins the gateway's connections to the browser's NetLog sockets by client port (the NetLog's
/// TCP_CONNECT local_address is the peer the gateway logged), then gives each a role from what it
/// carried and an opener from which connect job made it: two facts, since a retry often rides on a
/// socket another job opened. Anything that does not match is kept as unexplained, never hidden. The
/// gateway's times are put on the browser's clock with the <see cref="ClockOffset"/> measured from the
/// joined pairs.
/// </summary>
internal sealed class ConnectionJoin(string gatewayEndPoint, DateTimeOffset start)
{
    public JoinResult Join(IEnumerable<GatewayConnection> gatewayConnections, NetLogModel netLog,
        IReadOnlyList<NavigationRecord> navigations)
    {
        var sockets = netLog.Sockets.Where(s => s.RemoteAddress == gatewayEndPoint).ToList();
        var attempts = AttemptsBySocket(RequestClassifier.Classify(netLog, navigations, gatewayEndPoint));
        var joined = new List<JoinedConnection>();
        var matched = new HashSet<long>();

        foreach (var c in gatewayConnections.OrderBy(c => c.AcceptedAt))
        {
            // Ports can be reused over a long schedule: take the socket connected nearest in time.
            var socket = sockets
                .Where(s => s.LocalPort == c.ClientPort && !matched.Contains(s.SourceId))
                .MinBy(s => Math.Abs((netLog.File.WallClock(s.ConnectedTime) - c.AcceptedAt).TotalMilliseconds));
            if (socket is null)
            {
                joined.Add(FromGateway(c, navigations) with
                {
                    Role = ConnectionRole.Unexplained,
                    Unexplained = "the gateway accepted it but no NetLog socket has this client port",
                });
                continue;
            }
            matched.Add(socket.SourceId);
            joined.Add(Describe(FromGateway(c, navigations), socket, attempts.GetValueOrDefault(socket.SourceId), netLog, navigations));
        }

        foreach (var socket in sockets.Where(s => !matched.Contains(s.SourceId)))
        {
            var fromBrowser = new JoinedConnection { Role = ConnectionRole.Unexplained, ClientPort = socket.LocalPort };
            joined.Add(Describe(fromBrowser, socket, attempts.GetValueOrDefault(socket.SourceId), netLog, navigations) with
            {
                Role = ConnectionRole.Unexplained,
                Unexplained = "the browser connected but the gateway logged no connection from this port",
            });
        }
        var clock = MeasureClock(joined);
        var onOneClock = joined.Select(j => OnBrowserClock(j, clock.OffsetMs)).ToList();
        return new JoinResult(onOneClock.OrderBy(j => j.ConnectMs ?? double.MaxValue).ThenBy(j => j.PortId).ToList(), clock);
    }

    /// <summary>Bounds on (gateway clock − browser clock) from each connection both sides saw.</summary>
    private static ClockOffset MeasureClock(List<JoinedConnection> joined)
    {
        var upper = new List<double>();
        var lower = new List<double>();
        foreach (var j in joined.Where(j => j.PortId is not null && j.NetLogSocketId is not null))
        {
            if (j is { GatewayInitMs: { } accept, ConnectMs: { } connect })
                upper.Add(accept - connect); // accept() returns after the browser's connect completed
            if (j is { GatewayHeadErrorMs: { } head, FirstByteMs: { } sent })
                upper.Add(head - sent); // the head is read after the browser sent it
            // Whoever closed first, the other noticed after. The gateway logs do_terminate after its FIN or RST
            // is on the wire, so a busy machine can let the browser notice first: only a line written before the
            // close bounds it, the head_error (every rejection closes after it). A peer's close is logged by the
            // browser as it closes, and the gateway's do_terminate after it noticed: that bound holds as is.
            if (j is { ClosedBy: var by, BrowserClosedMs: { } seen } && by == ClosingSide.Gateway.ToLogName())
            {
                if (j.GatewayHeadErrorMs is { } beforeClose)
                    lower.Add(beforeClose - seen);
            }
            else if (j is { CloseMs: { } closed, BrowserClosedMs: { } noticed })
                upper.Add(closed - noticed);
        }
        return ClockOffset.Measure(upper, lower);
    }

    /// <summary>Shifts the gateway's own times (and, for a connection the NetLog does not know, its connect
    /// and first byte, which came from the gateway) onto the browser's clock.</summary>
    private static JoinedConnection OnBrowserClock(JoinedConnection j, double offsetMs)
    {
        double? Shift(double? ms) => ms is { } v ? Math.Round(v - offsetMs, 1) : null;
        var gatewayOnly = j.NetLogSocketId is null;
        return j with
        {
            GatewayInitMs = Shift(j.GatewayInitMs),
            GatewayHeadErrorMs = Shift(j.GatewayHeadErrorMs),
            CloseMs = Shift(j.CloseMs),
            ConnectMs = gatewayOnly ? Shift(j.ConnectMs) : j.ConnectMs,
            FirstByteMs = gatewayOnly ? Shift(j.FirstByteMs) : j.FirstByteMs,
        };
    }

    private sealed record SocketUse(NetLogUrlRequest Request, NetLogAttempt Attempt, int? Navigation, string Kind);

    /// <summary>The first use of each socket, with the kind of request it served.</summary>
    private static Dictionary<long, SocketUse> AttemptsBySocket(IReadOnlyList<RequestClassifier.Classified> requests)
    {
        var uses = new Dictionary<long, SocketUse>();
        foreach (var (request, kind, navigation) in requests)
        {
            foreach (var attempt in request.Attempts.Where(a => a.SocketId is not null))
                uses.TryAdd(attempt.SocketId!.Value, new SocketUse(request, attempt, navigation, kind));
        }
        return uses;
    }

    private JoinedConnection FromGateway(GatewayConnection c, IReadOnlyList<NavigationRecord> navigations) => new()
    {
        Role = ConnectionRole.Unexplained,
        PortId = c.PortId,
        ClientPort = c.ClientPort,
        ConnectMs = Ms(c.AcceptedAt),
        GatewayInitMs = Ms(c.AcceptedAt),
        GatewayHeadErrorMs = c.HeadErrorAt is { } head ? Ms(head) : null,
        FirstByteMs = c.HeadErrorAt is { } h ? Ms(h) : null,
        CloseMs = c.EndedAt is { } e ? Ms(e) : null,
        BytesIn = c.BytesIn,
        BytesOut = c.BytesOut,
        ClosedBy = c.ClosedBy,
        CloseKind = c.CloseKind,
        Reason = c.Reason,
        HeadLength = c.HeadLength,
        HeadAscii = c.HeadAscii,
        Navigation = RequestClassifier.NavigationAt(c.AcceptedAt, navigations),
    };

    private JoinedConnection Describe(JoinedConnection j, NetLogSocket socket, SocketUse? use, NetLogModel netLog,
        IReadOnlyList<NavigationRecord> navigations)
    {
        var file = netLog.File;
        j = j with
        {
            NetLogSocketId = socket.SourceId,
            NetLogCloseReason = socket.CloseReason,
            Opener = socket.Opener,
            OpenerNumSockets = socket.OpenerNumSockets,
            // Connect and first byte on the browser's clock (the gateway's init ok runs only once Kestrel
            // has scheduled the connection); close stays the gateway's own.
            ConnectMs = Ms(file.WallClock(socket.ConnectedTime)),
            FirstByteMs = socket.FirstSendTime is { } t ? Ms(file.WallClock(t)) : null,
            BrowserClosedMs = socket.ClosedTime is { } closed ? Ms(file.WallClock(closed)) : null,
            Navigation = j.Navigation ?? RequestClassifier.NavigationAt(file.WallClock(socket.ConnectedTime), navigations),
        };
        if (socket.BytesSent == 0)
            return j with { Role = ConnectionRole.Unused };
        if (use is null)
            return j with
            {
                Role = ConnectionRole.Unexplained,
                Unexplained = $"the socket sent {socket.BytesSent} bytes but no request in the NetLog was bound to it",
            };

        return j with
        {
            // A resend is a retry whichever request it repeats; a first attempt is the original only
            // for a navigation's own request.
            Role = use.Attempt.IsRetry ? ConnectionRole.Retry
                : use.Kind == RequestKind.Navigation ? ConnectionRole.Original
                : ConnectionRole.Other,
            Request = use.Kind,
            RetryError = use.Attempt.RetryAfterError is { } r ? file.ErrorName(r) : null,
            TookIdleSocket = use.Attempt.TookIdleSocket,
            Navigation = use.Navigation ?? j.Navigation,
            Url = use.Request.Url,
            BrowserError = use.Attempt.NetError is { } code ? file.ErrorName(code) : null,
        };
    }

    private double Ms(DateTimeOffset t) => Math.Round((t - start).TotalMilliseconds, 1);

}
