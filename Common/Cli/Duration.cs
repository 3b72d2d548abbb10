using System.Globalization;

namespace Lab.Common.Cli;

/// <summary>
/// Durations as every Lab CLI writes them: <c>500ms</c>, <c>2s</c>, <c>5m</c>, <c>1h</c>, or <c>off</c>
/// (null: no limit).
/// </summary>
public static class Duration
{
    public static TimeSpan? Parse(string text, string optionName)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "off")
            return null;

        (string number, double unitMs) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 1.0),
            _ when t.EndsWith('s') => (t[..^1], 1000.0),
            _ when t.EndsWith('m') => (t[..^1], 60_000.0),
            _ when t.EndsWith('h') => (t[..^1], 3_600_000.0),
            _ => ("", 0.0),
        };

        if (unitMs == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || value <= 0 || value * unitMs > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            throw new UsageException(
                $"{optionName}: '{text}' is not a duration; write e.g. 500ms, 2s, 5m, or off (positive, at most 24h)");
        }

        return TimeSpan.FromMilliseconds(value * unitMs);
    }

    public static string Format(TimeSpan? duration) => duration switch
    {
        null => "off",
        { } d when d.TotalMilliseconds % 60_000 == 0 => $"{d.TotalMinutes:0}m",
        { } d when d.TotalMilliseconds % 1000 == 0 => $"{d.TotalSeconds:0}s",
        { } d => $"{d.TotalMilliseconds:0}ms",
    };
}
