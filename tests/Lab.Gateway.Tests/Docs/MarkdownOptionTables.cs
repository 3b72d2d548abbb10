using System.Text.RegularExpressions;

namespace Lab.Gateway.Tests.Docs;

/// <summary>
/// The options tables of markdown files: a table is one when a row's first cell starts with an option
/// (`--x` or `-x`), and it must be tied to a command by an <c>&lt;!-- options: COMMAND --&gt;</c> line
/// right above it (no blank line between). Tables inside code fences (a CLI's printed output) are not
/// documentation of options. An untied options table, a tie on a table without options, or a row naming
/// no option is a problem.
/// </summary>
public sealed partial record MarkdownOptionTables(IReadOnlyList<OptionTable> Tables, IReadOnlyList<string> Problems)
{
    /// <summary>README.md and every page under docs/, with paths relative to the root in messages.</summary>
    public static MarkdownOptionTables ReadAll(string root)
    {
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        var parsed = files.Select(f => Parse(Path.GetRelativePath(root, f), File.ReadAllText(f))).ToList();
        return new(parsed.SelectMany(p => p.Tables).ToList(), parsed.SelectMany(p => p.Problems).ToList());
    }

    public static MarkdownOptionTables Parse(string file, string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var tables = new List<OptionTable>();
        var problems = new List<string>();
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
                inFence = !inFence;
            if (inFence)
                continue;

            var tie = OptionsComment().Match(lines[i]);
            if (tie.Success && !(i + 2 < lines.Length && IsRow(lines[i + 1]) && Separator().IsMatch(lines[i + 2])))
                problems.Add($"{file}:{i + 1}: '{lines[i].Trim()}' is not right above a table");
            if (!(IsRow(lines[i]) && i + 1 < lines.Length && Separator().IsMatch(lines[i + 1])))
                continue;

            var header = Cells(lines[i]);
            var defaultColumn = header.FindIndex(c => c.Equals("default", StringComparison.OrdinalIgnoreCase));
            var headerLine = i;
            var rows = new List<(string[] Cells, int Line)>();
            for (i += 2; i < lines.Length && IsRow(lines[i]); i++)
                rows.Add((Cells(lines[i]).ToArray(), i + 1));
            i--;

            var command = AboveTable(lines, headerLine);
            var optionRows = rows.Where(r => StartsWithOption(r.Cells[0])).ToList();
            if (optionRows.Count == 0)
            {
                if (command is not null)
                    problems.Add($"{file}:{headerLine + 1}: the table under '<!-- options: {command} -->' lists no option in its first column");
                continue;
            }
            if (command is null)
            {
                problems.Add($"{file}:{headerLine + 1}: a table of options ({optionRows[0].Cells[0]}, …) with no '<!-- options: COMMAND -->' line above it naming the command whose --help it mirrors");
                continue;
            }
            foreach (var (cells, line) in rows.Where(r => !StartsWithOption(r.Cells[0])))
                problems.Add($"{file}:{line}: a row of the '{command}' options table names no option: '{cells[0]}'");
            tables.Add(new OptionTable(file, headerLine + 1, command, optionRows
                .Select(r => new DocumentedOption(OptionNames(r.Cells[0]), defaultColumn >= 0 && defaultColumn < r.Cells.Length ? r.Cells[defaultColumn] : null, r.Line))
                .ToList()));
        }
        return new(tables, problems);
    }

    private static string? AboveTable(string[] lines, int headerLine)
    {
        var m = headerLine > 0 ? OptionsComment().Match(lines[headerLine - 1]) : Match.Empty;
        return m.Success ? m.Groups[1].Value.Trim() : null;
    }

    private static bool IsRow(string line) => line.TrimStart().StartsWith('|');

    private static bool StartsWithOption(string cell) => cell.TrimStart('`', ' ').StartsWith('-');

    // Each code span of the cell that starts with a dash names one option; what follows its first
    // word is the option's argument (`--gateway HOST:PORT`).
    private static List<string> OptionNames(string cell) =>
        CodeSpan().Matches(cell).Select(m => m.Groups[1].Value.Trim().Split(' ')[0]).Where(n => n.StartsWith('-')).ToList();

    // GFM splits cells on every unescaped pipe, code spans included; "\|" is a pipe inside a cell.
    private static List<string> Cells(string row)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var body = row.Trim();
        body = body.Substring(1, body.EndsWith('|') && body.Length > 1 ? body.Length - 2 : body.Length - 1);
        for (var k = 0; k < body.Length; k++)
        {
            if (body[k] == '\\' && k + 1 < body.Length && body[k + 1] == '|')
            {
                current.Append('|');
                k++;
            }
            else if (body[k] == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(body[k]);
            }
        }
        cells.Add(current.ToString().Trim());
        return cells;
    }

    [GeneratedRegex(@"^\s*<!--\s*options:\s*(.+?)\s*-->\s*$")]
    private static partial Regex OptionsComment();

    [GeneratedRegex(@"^\s*\|(\s*:?-+:?\s*\|)+\s*$")]
    private static partial Regex Separator();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
