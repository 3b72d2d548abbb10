using Serilog.Events;
using Lab.Gateway.Middleware;
using Lab.Logs;

namespace Lab.Gateway.Logging;

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
