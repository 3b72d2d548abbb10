namespace Lab.Gateway.Analysis;

/// <summary>A connection that sent no byte, with its companion: the connection from the same client ip
/// opened nearest in time, within the window (the preconnect signature, the seed's #Port that logged
/// nothing). <see cref="CompanionPortId"/> is null when none is that close.</summary>
public sealed record SilentConnection(long PortId, long? CompanionPortId, double? CompanionGapMs);
