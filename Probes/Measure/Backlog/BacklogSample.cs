namespace Lab.Probes.Backlog;

/// <summary>One look at the kernel's queues: ms since the clients started, the listener's accept queue
/// (established, not yet accepted), server-side SYN_RECV, client-side SYN_SENT and ESTABLISHED.</summary>
internal sealed record BacklogSample(double T, int AcceptQueue, int SynRecv, int SynSent, int ClientEstablished, string Phase);
