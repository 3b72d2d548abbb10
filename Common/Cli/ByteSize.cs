using System.Globalization;

namespace Lab.Common.Cli;

/// <summary>
/// Sizes as every Lab CLI writes them: <c>4096</c> (bytes), <c>64KB</c>, <c>256MB</c>, <c>2GB</c>;
/// units are binary (1 KB = 1,024 bytes), case-insensitive, with an optional <c>iB</c> spelling (<c>256MiB</c>).
/// </summary>
internal static class ByteSize
{
    public static long Parse(string text, string optionName, long minimum = 1)
    {
        var t = text.Trim().ToUpperInvariant().Replace("IB", "B", StringComparison.Ordinal);
        (string number, long unit) = t switch
        {
            _ when t.EndsWith("KB", StringComparison.Ordinal) => (t[..^2], 1L << 10),
            _ when t.EndsWith("MB", StringComparison.Ordinal) => (t[..^2], 1L << 20),
            _ when t.EndsWith("GB", StringComparison.Ordinal) => (t[..^2], 1L << 30),
            _ when t.EndsWith('B') => (t[..^1], 1L),
            _ => (t, 1L),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value)
            || value * unit < minimum || value * unit > (double)(1L << 50))
            throw new UsageException($"{optionName}: '{text}' is not a size of at least {Format(minimum)}; write e.g. 4096, 64KB, 256MB or 2GB");
        return (long)(value * unit);
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}GB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}MB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}KB",
        _ => $"{bytes}B",
    };
}
