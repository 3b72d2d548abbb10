using Lab.Common.Cli;

namespace Lab.Common.Text;

/// <summary>Sentences a CLI prints, folded at the terminal's width (100 columns when piped: <see cref="Terminal.ProseWidth"/>);
/// tables keep their own layout, up to 120.</summary>
internal static class Prose
{
    public static string Fold(string paragraph, string first = "", string? rest = null) =>
        WordWrap.Fold(paragraph, Terminal.ProseWidth, first, rest);

    /// <summary>The paragraph on stdout: its first line after <paramref name="first"/>, the others after <paramref name="rest"/>
    /// (four more spaces than <paramref name="first"/>'s when not given: more than a list item's two, so a folded
    /// line never reads as an item of its own).</summary>
    public static void WriteLine(string paragraph, string first = "", string? rest = null) =>
        Console.WriteLine(Fold(paragraph, first, rest ?? new string(' ', first.Length + 4)));
}
