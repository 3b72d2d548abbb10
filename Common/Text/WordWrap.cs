using System.Text;

namespace Lab.Common.Text;

/// <summary>Prose folded at a width, for CLIs whose text must fit a terminal: the first line after
/// <c>first</c>, the others after <c>rest</c> (the same when not given). A word longer than the width
/// (a path) stands on its own line rather than being cut.</summary>
internal static class WordWrap
{
    public static string Fold(string paragraph, int width, string first = "", string? rest = null)
    {
        rest ??= first;
        var lines = new List<string>();
        var current = new StringBuilder(first);
        var empty = true;
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && current.Length + 1 + word.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear().Append(rest);
                empty = true;
            }
            current.Append(empty ? "" : " ").Append(word);
            empty = false;
        }
        lines.Add(current.ToString());
        return string.Join(Environment.NewLine, lines);
    }
}
