namespace Lab.Gateway.Connections.Features;

/// <summary>How every log line names a connection: its port id and its peer. For the layers that log
/// about a connection they do not own (the connection limit, the HTTP endpoint).</summary>
internal interface IConnectionIdentityFeature
{
    long PortId { get; }

    string Peer { get; }
}
