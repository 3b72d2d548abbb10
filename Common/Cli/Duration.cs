using System.Globalization;

namespace Lab.Common.Cli;

/// <summary>
/// How every Lab CLI writes a time: a number and a unit (<c>500ms</c>, <c>2s</c>, <c>1.5m</c>, <c>1h</c>),
/// <c>0</c>, which needs no unit, or <c>off</c> (null). Whether 0 and off are allowed, and what they
/// mean, is each option's rule (<see cref="DurationOption"/>); this is only the spelling.
/// </summary>
internal static class Duration
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    /// <param name="longest">The option's own upper bound, named in the message for a word that is no duration
    /// (each option has its own: a day by default).</param>
    public static TimeSpan? Parse(string text, string optionName, TimeSpan? longest = null)
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
            _ => (t, 0.0),
        };
        var isNumber = double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value);

        if (isNumber && value == 0)
            return TimeSpan.Zero;
        // A bare 5 could mean 5 ms or 5 s (--seconds took both spellings once): the unit is never guessed.
        if (isNumber && unitMs == 0)
            throw new UsageException($"{optionName}: '{text}' has no unit; write {number}s (or {number}ms, {number}m)");
        if (!isNumber || unitMs == 0 || value * unitMs > Longest.TotalMilliseconds)
            throw new UsageException($"{optionName}: '{text}' is not a duration; write e.g. 500ms, 2s or 5m (at most {Format(longest ?? Longest)})");

        return TimeSpan.FromMilliseconds(value * unitMs);
    }

    public static string Format(TimeSpan? duration) => duration switch
    {
        null => "off",
        { } d when d == TimeSpan.Zero => "0",
        { } d when d.TotalMilliseconds % 3_600_000 == 0 => $"{d.TotalHours:0}h",
        { } d when d.TotalMilliseconds % 60_000 == 0 => $"{d.TotalMinutes:0}m",
        { } d when d.TotalMilliseconds % 1000 == 0 => $"{d.TotalSeconds:0}s",
        { } d => $"{d.TotalMilliseconds:0}ms",
    };
}
