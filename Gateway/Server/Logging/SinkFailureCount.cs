using Serilog.Core;
using Serilog.Events;

namespace Lab.Gateway.Logging;

/// <summary>
/// Events one gateway's logger failed to write, as its sinks report them. A listener per logger, not
/// Serilog's SelfLog: SelfLog is process-wide, so two gateways in one process (the tests, BrowserLab's
/// matrix) would each count the other's failures.
/// </summary>
internal sealed class SinkFailureCount : ILoggingFailureListener
{
    private long _events;

    public long Events => Interlocked.Read(ref _events);

    public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
    {
        // A temporary failure is retried by the sink that reports it: nothing is lost yet.
        if (kind != LoggingFailureKind.Temporary)
            Add(Math.Max(events?.Count ?? 1, 1));
    }

    /// <summary>A failure seen outside Serilog's reporting (the last flush on dispose).</summary>
    public void Add(long events) => Interlocked.Add(ref _events, events);
}
