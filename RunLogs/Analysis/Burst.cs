namespace Lab.Logs.Analysis;

/// <summary>Connections from one client ip carrying the same head, each head_error within the window of
/// the previous one: the client's retry signature. Grouped by when the requests arrived (head_error
/// time), not when the sockets were accepted, since a preconnected socket can be accepted seconds before
/// the request that rides on it. <see cref="FirstAcceptedAt"/> is the earliest accept among them.</summary>
internal sealed record Burst(string ClientIp, string Head, IReadOnlyList<long> PortIds, DateTimeOffset Start, DateTimeOffset End,
    DateTimeOffset FirstAcceptedAt);
