using Lab.Common.Cli;

namespace Lab.Gateway.Hosting;

/// <summary>The run directory cannot be written: a user's mistake (exit 2) whichever option named it, so that
/// <c>serve</c> can say it was <c>--logs</c> and an in-process caller its own option.</summary>
internal sealed class LogsDirectoryException(string directory, string reason) : UsageException($"cannot write logs to {directory}: {reason}");
