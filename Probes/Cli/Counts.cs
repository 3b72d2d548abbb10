using Lab.Common.Cli;

namespace Lab.Probes.Cli;

/// <summary>Bounds on counts every probe checks: load loops are bounded and stop by themselves.</summary>
internal static class Counts
{
    public static int Require(int value, string option, int min, int max) =>
        value >= min && value <= max ? value : throw new UsageException($"{option}: {value} is out of range; use {min} to {max}");
}
