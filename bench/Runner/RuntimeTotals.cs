namespace Lab.Bench;

/// <summary>Running sums of a server's runtime counters, and how many report intervals they cover.</summary>
public readonly record struct RuntimeTotals(double AllocatedBytes, double Gen0, double Gen1, double Gen2, double Intervals)
{
    public static RuntimeTotals operator -(RuntimeTotals a, RuntimeTotals b) =>
        new(a.AllocatedBytes - b.AllocatedBytes, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Intervals - b.Intervals);
}
