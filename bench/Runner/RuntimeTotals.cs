namespace Lab.Bench;

/// <summary>A server's runtime counters summed over a window, and how many report intervals it covers.</summary>
public readonly record struct RuntimeTotals(double AllocatedBytes, double Gen0, double Gen1, double Gen2, int Intervals);
