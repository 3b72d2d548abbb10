namespace Lab.Probes.Census;

/// <summary>One socket, as <c>netstat -ano</c> prints it (pid and process name with --processes).</summary>
internal sealed record CensusRow(string Proto, string Local, string Remote, string State, long Inode, int? Pid, string? Process);
