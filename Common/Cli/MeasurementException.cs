namespace Lab.Common.Cli;

/// <summary>The run started but its measurement could not be completed (a probe stuck in its namespace,
/// a peer that never came up): one line on stderr and exit code 1.</summary>
internal sealed class MeasurementException(string message) : Exception(message);
