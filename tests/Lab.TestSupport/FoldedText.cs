namespace Lab.TestSupport;

/// <summary>A CLI's text with the lines <c>Prose</c> folded joined again: a line indented four or more spaces deeper
/// than the line it follows continues it. Tests that read a section line by line read these.</summary>
internal static class FoldedText
{
    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var indent = 0;
        foreach (var line in text.Replace("\r", "").Split('\n'))
        {
            var own = line.Length - line.TrimStart(' ').Length;
            if (lines.Count > 0 && line.Trim().Length > 0 && own >= indent + 4)
                lines[^1] += " " + line.Trim();
            else
            {
                lines.Add(line);
                indent = own;
            }
        }
        return lines;
    }

    public static string Unfold(string text) => string.Join('\n', Lines(text));
}
