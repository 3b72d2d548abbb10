namespace Lab.Gateway.Logging;

/// <summary>
/// One connection event as its values, taken on the connection's thread and formatted by the log writer's
/// thread straight into gateway.log's and gateway.clef's lines (<see cref="ConnectionLineFormatter"/>): no
/// Serilog event, property list or template rendering on a path every connection takes.
/// </summary>
internal abstract class ConnectionLine(DateTime time, long portId, string peer, string connectionId)
{
    /// <summary>When it was logged, UTC: both files' time.</summary>
    public DateTime Time { get; } = time;

    public long PortId { get; } = portId;

    public string Peer { get; } = peer;

    /// <summary>The connection's id (<c>ConnectionContext.ConnectionId</c>, in Kestrel's form), which its connection scope adds to every
    /// gateway.clef event of the connection.</summary>
    public string ConnectionId { get; } = connectionId;

    public abstract LineShape Shape { get; }

    /// <summary>Hands each value to <paramref name="format"/> in the template's order.</summary>
    public abstract void WriteValues(ConnectionLineFormatter format);
}
