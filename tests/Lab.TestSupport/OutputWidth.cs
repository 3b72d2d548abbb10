namespace Lab.TestSupport;

/// <summary>Issue 25 §4: a CLI's output in a pipe fits a reader's window. Tables (box-drawn, Markdown, or columns
/// aligned with runs of spaces) up to 120 columns; every other line, prose, up to 100.</summary>
internal static class OutputWidth
{
    public const int Table = 120, Prose = 100;

    /// <summary>Each line over its bound, with its width; none when the output fits.</summary>
    public static List<string> Problems(string output, string what)
    {
        var problems = new List<string>();
        foreach (var line in output.Split('\n').Select(l => l.TrimEnd()))
        {
            var table = line.IndexOfAny(['│', '┌', '├', '└', '─', '|']) >= 0 || line.TrimStart().Contains("  ", StringComparison.Ordinal);
            if (line.Length > (table ? Table : Prose))
                problems.Add($"{what}: {line.Length} columns ({(table ? "table" : "prose")}): {line}");
        }
        return problems;
    }
}
