namespace Lab.Bench;

/// <summary>One workload on one fresh server, one repetition.</summary>
internal sealed record CellResult(string Workload, ServerKind Server, int Repetition, IReadOnlyDictionary<string, double> Values);
