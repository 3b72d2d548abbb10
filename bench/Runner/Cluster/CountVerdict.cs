namespace Lab.Bench.Cluster;

/// <summary>What the side-by-side counts say: <c>all equal</c>, <c>THEY DIFFER</c>, or <c>NO DATA</c> when
/// neither side counted anything (0 = 0 on every line proves nothing, so it is a miss, not a pass).</summary>
internal static class CountVerdict
{
    public const string AllEqual = "all equal", TheyDiffer = "THEY DIFFER", NoData = "NO DATA";

    public static bool HasData(IReadOnlyList<CountCheck> checks) => checks.Any(c => c.Engine != 0 || c.Gateway != 0);

    /// <summary>True only when there is something to compare and every count is equal.</summary>
    public static bool Agree(IReadOnlyList<CountCheck> checks) => HasData(checks) && checks.All(c => c.Equal);

    public static string Of(IReadOnlyList<CountCheck> checks) =>
        !HasData(checks) ? NoData : checks.All(c => c.Equal) ? AllEqual : TheyDiffer;
}
