namespace Lab.Gateway.Tests.Docs;

/// <summary>
/// Where an options table and its command's <c>--help</c> disagree: an option in one and not the other,
/// an alias the help does not give that option, an option listed twice, or a default that differs from
/// the help's <c>[default: X]</c>. A help option may be documented by its long name or any alias; an
/// alias the table leaves out is not a difference.
/// </summary>
public static class OptionTableComparison
{
    public static IReadOnlyList<string> Differences(OptionTable table, CommandHelp? help)
    {
        if (help is null)
            return [$"{table.Where}: no such command: './lab {table.Command} --help' failed"];

        var differences = new List<string>();
        var documented = new HashSet<HelpOption>();
        var seen = new HashSet<string>();
        foreach (var row in table.Rows)
        {
            foreach (var name in row.Names)
            {
                if (!seen.Add(name))
                    differences.Add($"{table.File}:{row.Line}: {name} is listed twice in the '{table.Command}' table");
                var option = help.Options.FirstOrDefault(o => o.Names.Contains(name));
                if (option is null)
                {
                    differences.Add($"{table.File}:{row.Line}: {name} is in the table but not in './lab {table.Command} --help'");
                    continue;
                }
                documented.Add(option);
                if (option.Default is not null && row.Default is not null && Plain(row.Default) != option.Default)
                    differences.Add($"{table.File}:{row.Line}: {name}'s default is '{Plain(row.Default)}' in the table but '{option.Default}' in './lab {table.Command} --help'");
            }
        }
        foreach (var option in help.Options.Where(o => !documented.Contains(o)))
            differences.Add($"{table.Where}: {option.Name} is in './lab {table.Command} --help' but not in the table");
        return differences;
    }

    // A cell's text as the help would print it: no code marks, no escaped pipes.
    private static string Plain(string cell) => cell.Replace("`", "").Replace("\\|", "|").Trim();
}
