namespace Lab.Gateway.Logging;

/// <summary>What the logs lack so far: failed writes, the lines they carried, and the connections whose
/// <c>do_terminate</c> never reached gateway.clef.</summary>
internal readonly record struct LogLosses(long WriteFailures, long LinesLost, long ConnectionsUnlogged);
