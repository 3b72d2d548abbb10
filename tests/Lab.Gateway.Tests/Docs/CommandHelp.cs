using System.Text.RegularExpressions;

namespace Lab.Gateway.Tests.Docs;

/// <summary>
/// What one command's <c>--help</c> says: its options (help and version excluded: every command has
/// them and no table lists them) and its subcommands.
/// </summary>
public sealed partial record CommandHelp(string Command, IReadOnlyList<HelpOption> Options, IReadOnlyList<string> Subcommands)
{
    /// <summary>
    /// System.CommandLine's help: sections under unindented "Options:" / "Commands:" lines; an entry
    /// starts two spaces in (names, then two or more spaces, then the description, which may wrap onto
    /// deeper-indented lines and ends with "[default: X]" when the option has one).
    /// </summary>
    public static CommandHelp Parse(string command, string help)
    {
        var options = new List<(string Names, string Description)>();
        var subcommands = new List<string>();
        string? section = null;
        foreach (var raw in help.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                section = line.TrimEnd(':');
                continue;
            }
            var entry = Entry().Match(line);
            if (section == "Options" && entry.Success)
                options.Add((entry.Groups[1].Value, entry.Groups[2].Value));
            else if (section == "Options" && options.Count > 0 && line.Trim().Length > 0)
                options[^1] = (options[^1].Names, options[^1].Description + " " + line.Trim());
            else if (section == "Commands" && CommandEntry().Match(line) is { Success: true } sub)
                subcommands.Add(sub.Groups[1].Value);
        }

        var parsed = options
            .Select(o => new HelpOption(
                o.Names.Split(',').Select(n => n.Trim().Split(' ')[0]).Where(n => n.StartsWith('-')).ToList(),
                DefaultValue().Match(o.Description) is { Success: true } d ? d.Groups[1].Value.Trim() : null))
            .Where(o => !o.Names.Contains("--help") && !o.Names.Contains("--version"))
            .ToList();
        return new CommandHelp(command, parsed, subcommands);
    }

    [GeneratedRegex(@"^  (-\S.*?)(?:\s{2,}(.*))?$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*)(?:\s|$)")]
    private static partial Regex CommandEntry();

    [GeneratedRegex(@"\[default: (.*)\]\s*$")]
    private static partial Regex DefaultValue();
}
