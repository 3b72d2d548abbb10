namespace Lab.Common.Diagnostics;

/// <summary>A process's allocation and collection totals at one moment, as it reported them itself.</summary>
internal readonly record struct RuntimeSample(long AllocatedBytes, long Gen0, long Gen1, long Gen2)
{
    /// <summary>What happened between <paramref name="start"/> and this later sample.</summary>
    public RuntimeSample Since(RuntimeSample start) =>
        new(AllocatedBytes - start.AllocatedBytes, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2);
}
