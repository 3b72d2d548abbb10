namespace Lab.Gateway.Analysis;

/// <summary>Connections from one client ip, each opened within the window of the previous one,
/// carrying the same head: the browser's retry signature.</summary>
public sealed record Burst(string ClientIp, string Head, IReadOnlyList<long> PortIds, DateTimeOffset Start, DateTimeOffset End);
