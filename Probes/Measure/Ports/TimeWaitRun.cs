namespace Lab.Probes.Ports;

/// <summary>Short connections closed by the client (so the client's ports go to TIME_WAIT) with one
/// tcp_tw_reuse value: how many opened, the error that stopped them, and when a port first came back.</summary>
internal sealed record TimeWaitRun(string TcpTwReuse, int Opened, int Attempts, string? Error, double? FirstReuseAfterMs);
