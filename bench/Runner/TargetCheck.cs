namespace Lab.Bench;

/// <summary>A target from the benchmark issue and whether this run met it (misses are reported, never hidden).
/// <see cref="NoData"/>: a side of the comparison was never measured; such a target never passes.</summary>
internal sealed record TargetCheck(string Target, bool Pass, string Measured, bool NoData = false)
{
    public static TargetCheck Missing(string target, string what) => new(target, false, what, NoData: true);

    /// <summary>PASS, MISS or NO DATA, as every table prints it.</summary>
    public string Verdict => NoData ? "NO DATA" : Pass ? "PASS" : "MISS";
}
