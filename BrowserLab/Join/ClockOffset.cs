namespace Lab.BrowserLab.Join;

/// <summary>
/// How far the gateway's clock (its log timestamps) ran ahead of the browser's (NetLog ticks mapped to
/// wall-clock time with the NetLog's own timeTickOffset), measured in each run from what both sides see
/// for the same client port. Causality bounds it: the gateway accepts after the browser's connect
/// completes and reads the head after the browser sent it, so gateway − browser ≥ offset for those pairs
/// (upper bounds); the browser sees the socket closed after the gateway closed it, so gateway close −
/// browser close ≤ offset (lower bounds). The estimate is the middle of [lower, upper]; the uncertainty
/// is half that interval (plus the 0.1 ms rounding of what is printed), never below 5 ms (the NetLog's 1 ms ticks, the gateway's 1 ms log stamps,
/// scheduling). A contradictory interval (lower above upper) is kept and widened, never hidden.
/// </summary>
internal sealed record ClockOffset(double OffsetMs, double UncertaintyMs, int Samples)
{
    public const double MinimumUncertaintyMs = 5;

    private const double RoundingMs = 0.2;

    public static readonly ClockOffset None = new(0, MinimumUncertaintyMs, 0);

    /// <param name="upperBounds">gateway time − browser time for events the gateway sees after the browser.</param>
    /// <param name="lowerBounds">gateway time − browser time for events the browser sees after the gateway.</param>
    public static ClockOffset Measure(IReadOnlyCollection<double> upperBounds, IReadOnlyCollection<double> lowerBounds)
    {
        if (upperBounds.Count == 0 && lowerBounds.Count == 0)
            return None;
        var upper = upperBounds.Count > 0 ? upperBounds.Min() : lowerBounds.Max();
        var lower = lowerBounds.Count > 0 ? lowerBounds.Max() : upperBounds.Min() - 2 * MinimumUncertaintyMs;
        var (from, to) = lower <= upper ? (lower, upper) : (upper, lower);
        // The offset and every time shifted by it are printed to 0.1 ms: the stated ± covers that rounding too
        // (half the interval rounded up, plus 0.2 ms), so a bound at an edge still reads as within it.
        var half = Math.Ceiling((to - from) / 2 * 10) / 10 + RoundingMs;
        return new ClockOffset(Math.Round((from + to) / 2, 1), Math.Max(MinimumUncertaintyMs, Math.Round(half, 1)),
            upperBounds.Count + lowerBounds.Count);
    }

    /// <summary>"6.6 ms ahead of" or "2.9 ms behind": how the gateway's clock stood against the NetLog's.</summary>
    public string AheadOrBehind() =>
        OffsetMs >= 0 ? $"{OffsetMs.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} ms ahead of"
            : $"{(-OffsetMs).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} ms behind";
}
