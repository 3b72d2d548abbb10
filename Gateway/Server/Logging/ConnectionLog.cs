using Serilog.Events;
using Lab.Gateway.Connections;
using Lab.Gateway.Middleware;
using Lab.Logs;

namespace Lab.Gateway.Logging;

/// <summary>
/// The events every connection logs — <c>init ok</c>, <c>head_error</c>, <c>do_terminate</c> — written as typed
/// lines (<see cref="ConnectionLine"/>) rather than through Serilog: on the reject path, three events per
/// connection, Serilog's generic event (its property list, template rendering and JSON formatter) was the
/// largest cost the gateway's own code added (docs/performance.md). The lines are the ones
/// <see cref="GatewayLog"/>'s events write, byte for byte; the rarer events keep going through Serilog, into
/// the same queue, so every log keeps the order events were logged in. The three lines are its own, nested.
/// </summary>
internal sealed class ConnectionLog
{
    private readonly LogWriter? _writer;
    private readonly LogEventLevel _minimumLevel;

    public ConnectionLog(LogWriter writer, LogEventLevel minimumLevel)
    {
        _writer = writer;
        _minimumLevel = minimumLevel;
    }

    private ConnectionLog()
    {
    }

    /// <summary>Writes nothing (a connection's code tested without a gateway's logs).</summary>
    public static ConnectionLog Discarding { get; } = new();

    /// <param name="local">The listener's address as text (the record keeps none: the middleware makes it once per listener).</param>
    public void InitOk(ConnectionRecord record, string local)
    {
        if (Enabled(LogEventLevel.Information))
            _writer!.Write(new InitOkLine(DateTime.UtcNow, record.PortId, record.Peer, local, record.Listener.ToLogName(), record.ConnectionId));
    }

    public void HeadError(ConnectionRecord record, uint headLength, string headLengthHex, string headHex, string headAscii, int maxPacket,
        string origin, string policy)
    {
        if (Enabled(LogEventLevel.Warning))
            _writer!.Write(new HeadErrorLine(DateTime.UtcNow, record.PortId, record.Peer, record.ConnectionId, headLength, headLengthHex,
                headHex, headAscii, maxPacket, origin, policy));
    }

    /// <summary><c>do_terminate</c> for a connection and how it ended, its counts and duration taken now.</summary>
    public void DoTerminate(ConnectionRecord record, ConnectionOutcome outcome)
    {
        if (Enabled(LogEventLevel.Information))
            _writer!.Write(new DoTerminateLine(DateTime.UtcNow, record.PortId, record.Peer, record.ConnectionId, outcome.Reason.ToLogName(),
                record.BytesIn, record.BytesOut, record.Frames, record.Requests, (long)record.Elapsed.TotalMilliseconds,
                outcome.ClosedBy.ToLogName(), outcome.CloseKind.ToLogName(), outcome.Reply.ToLogName()));
    }

    private bool Enabled(LogEventLevel level) => _writer is not null && level >= _minimumLevel;

    /// <summary><c>init ok</c>: a socket accepted and numbered.</summary>
    internal sealed class InitOkLine(DateTime time, long portId, string peer, string local, string listener, string connectionId)
        : ConnectionLine(time, portId, peer, connectionId)
    {
        public static LineShape EventShape { get; } = new(GatewayLog.InitOkId, LogContract.Names.InitOk, LogEventLevel.Information,
            LogContract.Templates.InitOk, typeof(ConnectionRecordMiddleware).FullName!);

        public override LineShape Shape => EventShape;

        public override void WriteValues(ConnectionLineFormatter format)
        {
            format.Value(PortId);
            format.Value(Peer);
            format.Value(local);
            format.Value(listener);
            format.Value(ConnectionId);
        }
    }

    /// <summary><c>head_error</c>: the first bytes were not a frame's head.</summary>
    internal sealed class HeadErrorLine(DateTime time, long portId, string peer, string connectionId, uint headLength, string headLengthHex,
        string headHex, string headAscii, int maxPacket, string origin, string policy)
        : ConnectionLine(time, portId, peer, connectionId)
    {
        public static LineShape EventShape { get; } = new(GatewayLog.HeadErrorId, LogContract.Names.HeadError, LogEventLevel.Warning,
            LogContract.Templates.HeadError, typeof(HeadErrorRejection).FullName!);

        public override LineShape Shape => EventShape;

        public override void WriteValues(ConnectionLineFormatter format)
        {
            format.Value(PortId);
            format.Value(Peer);
            format.Value(headLength);
            format.Value(headLengthHex);
            format.Value(headHex);
            format.Value(headAscii);
            format.Value(maxPacket);
            format.Value(origin);
            format.Value(policy);
        }
    }

    /// <summary><c>do_terminate</c>: how a connection ended and what crossed it.</summary>
    internal sealed class DoTerminateLine(DateTime time, long portId, string peer, string connectionId, string reason, long bytesIn, long bytesOut,
        long frames, int requests, long durationMs, string closedBy, string closeKind, string reply)
        : ConnectionLine(time, portId, peer, connectionId)
    {
        public static LineShape EventShape { get; } = new(GatewayLog.DoTerminateId, LogContract.Names.DoTerminate, LogEventLevel.Information,
            LogContract.Templates.DoTerminate, typeof(ConnectionRecordMiddleware).FullName!);

        public override LineShape Shape => EventShape;

        public override void WriteValues(ConnectionLineFormatter format)
        {
            format.Value(PortId);
            format.Value(Peer);
            format.Value(reason);
            format.Value(bytesIn);
            format.Value(bytesOut);
            format.Value(frames);
            format.Value(requests);
            format.Value(durationMs);
            format.Value(closedBy);
            format.Value(closeKind);
            format.Value(reply);
        }
    }
}
