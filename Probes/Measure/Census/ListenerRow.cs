namespace Lab.Probes.Census;

/// <summary>A listener with its queues: accept queue (established, not yet accepted) against its backlog,
/// and the half-open SYN_RECV connections toward it — the SYN-flood signature when they pile up.</summary>
internal sealed record ListenerRow(string Local, int AcceptQueue, int Backlog, int SynRecv, int AlertAt, bool SynFloodAlert);
