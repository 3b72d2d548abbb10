namespace Lab.Bench;

/// <summary>At the descriptor limit the held connections still echo and SIGTERM still ends the gateway cleanly: an
/// echo that failed or an exit code other than 0 is a mismatch, not a figure in a row.</summary>
internal static class DescriptorLimitVerdict
{
    public static IReadOnlyList<string> Misses(int echoed, int sample, int? exitCode)
    {
        var misses = new List<string>();
        if (sample == 0)
            misses.Add("NO DATA: no held connection was asked to echo at the limit");
        else if (echoed < sample)
            misses.Add($"{sample - echoed} of {sample} echoes failed at the limit");
        if (exitCode is not 0)
            misses.Add($"SIGTERM at the limit: the gateway exited {(exitCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "without an exit code")}, not 0");
        return misses;
    }
}
