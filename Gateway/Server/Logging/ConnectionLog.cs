using Serilog.Events;
using Lab.Gateway.Connections;
using Lab.Logs;

namespace Lab.Gateway.Logging;

/// <summary>
/// The events every connection logs — <c>init ok</c>, <c>head_error</c>, <c>do_terminate</c> — written as typed
/// lines (<see cref="ConnectionLine"/>) rather than through Serilog: on the reject path, three events per
/// connection, Serilog's generic event (its property list, template rendering and JSON formatter) was the
/// largest cost the gateway's own code added (docs/performance.md). The lines are the ones
/// <see cref="GatewayLog"/>'s events write, byte for byte; the rarer events keep going through Serilog, into
/// the same queue, so every log keeps the order events were logged in.
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
}
