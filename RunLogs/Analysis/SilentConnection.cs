namespace Lab.Logs.Analysis;

/// <summary>A connection that sent no byte, with its companion: the connection from the same client ip
/// opened nearest in time, within the window (the preconnect signature, the seed's #Port that logged
/// nothing). <see cref="CompanionPortId"/> is null when none is that close. <see cref="BurstStart"/>
/// names the burst from the same client ip with a socket accepted nearest to this one, within the window
/// (a preconnect opens its sockets together; the one used joins a burst, however much later), and
/// <see cref="BurstGapMs"/> how far apart those two accepts were.</summary>
internal sealed record SilentConnection(long PortId, long? CompanionPortId, double? CompanionGapMs,
    DateTimeOffset? BurstStart = null, double? BurstGapMs = null);
