namespace Lab.Common.Cli;

/// <summary>
/// A user's mistake or a missing prerequisite: reported as one line on stderr with exit code 2,
/// never as a stack trace.
/// </summary>
internal class UsageException(string message) : Exception(message);
