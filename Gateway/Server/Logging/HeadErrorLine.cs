using Serilog.Events;
using Lab.Gateway.Connections;
using Lab.Logs;

namespace Lab.Gateway.Logging;

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
