using System.Globalization;
using Lab.Common.Cli;

namespace Lab.Probes.Census;

/// <summary>When SYN_RECV toward a listener counts as a flood: an absolute number, or a percentage of the
/// listener's backlog as the kernel reports it (default 50%) — the seed's netstat + awk check.</summary>
internal sealed record SynAlert(int? Absolute, double? PercentOfBacklog)
{
    public static SynAlert Parse(string text)
    {
        if (text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) && pct is > 0 and <= 1000)
            return new SynAlert(null, pct);
        if (int.TryParse(text, out var n) && n > 0)
            return new SynAlert(n, null);
        throw new UsageException($"--syn-alert: '{text}' is not a count (e.g. 100) or a percentage of the backlog (e.g. 50%)");
    }

    public int ThresholdFor(int backlog) =>
        Absolute ?? Math.Max(1, (int)Math.Ceiling(backlog * (PercentOfBacklog ?? 50) / 100.0));
}
