namespace Lab.Probes.Limits;

/// <summary>One limit: where it lives, its current value (null when absent), what it bounds, and a
/// warning when the value is suspicious.</summary>
internal sealed record LimitValue(string Name, string? Value, string Limits, string? Warning = null);
