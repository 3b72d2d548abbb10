namespace Lab.Bench.Cluster;

/// <summary>The gateway seen from outside while it sat at its descriptor limit during the engine's run,
/// once its listen queue stopped growing after it logged <c>accept_failing</c>: still running, its descriptors (/proc/PID/fd), the connections
/// its kernel completed that wait unaccepted in the listen queue (<c>ss</c> Recv-Q, at most
/// net.core.somaxconn + 1), its CPU over 5 s (not busy: it does not spin on a failing accept), its RSS.</summary>
internal sealed record AtLimitObservation(double SecondsIntoRun, bool Alive, int Descriptors, int ListenQueue, double CpuSecondsIn5s, long RssKiB);
