using Lab.Common.Cli;

namespace Lab.Common.Text;

/// <summary>Sentences a CLI prints, folded at the terminal's width (100 columns when piped: <see cref="Terminal.ProseWidth"/>);
/// tables keep their own layout, up to 120. A folded line goes on after <c>rest</c>: by default four spaces deeper than
/// <c>first</c>, more than a list item's two, so a folded line never reads as an item of its own.</summary>
internal static class Prose
{
    public static string Fold(string paragraph, string first = "", string? rest = null) =>
        WordWrap.Fold(paragraph, Terminal.ProseWidth, first, rest ?? new string(' ', first.Length + 4));

    public static void WriteLine(string paragraph, string first = "", string? rest = null) =>
        Console.WriteLine(Fold(paragraph, first, rest));

    /// <summary>A report made of Markdown tables and sentences: each sentence folded after its own indentation, every
    /// table row (a line that starts with '|') and blank line as it was.</summary>
    public static string FoldLines(string report)
    {
        var lines = report.Replace("\r", "").Split('\n').Select(line =>
        {
            var body = line.TrimStart(' ');
            return body.Length == 0 || body.StartsWith('|') ? line : Fold(body, line[..(line.Length - body.Length)]);
        });
        return string.Join(Environment.NewLine, lines);
    }
}
