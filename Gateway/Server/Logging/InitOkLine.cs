using Serilog.Events;
using Lab.Gateway.Middleware;
using Lab.Logs;

namespace Lab.Gateway.Logging;

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
