using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Lab.Common.Cli;

/// <summary>
/// The one line a command line that does not parse gets: the mistake the user must fix first, in the
/// words they typed. System.CommandLine's own first error is not always that one: a misspelt command
/// ('htp') comes after "Required command was not provided", a word that is not a number names the CLR
/// type (<c>System.Nullable`1[System.Int32]</c>), and some messages span lines.
/// </summary>
internal static class ParseErrorLine
{
    public static string Of(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (parsed.UnmatchedTokens.Count > 0)
        {
            var word = parsed.UnmatchedTokens[0];
            return word.StartsWith('-') ? $"unrecognized option '{word}'"
                : VisibleSubcommands(command) is { Count: > 0 } commands ? $"unrecognized command '{word}'; the commands are {string.Join(", ", commands)}"
                : $"unexpected argument '{word}'";
        }

        var error = parsed.Errors[0];
        if (error.SymbolResult is CommandResult && command.Action is null && VisibleSubcommands(command) is { Count: > 0 } names)
            return $"a command is required: {string.Join(", ", names)}";
        return NotANumber(error) ?? string.Join(' ', error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    private static List<string> VisibleSubcommands(Command command) =>
        command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();

    /// <summary>"--port: 'http' is not a whole number" for an option or argument of a numeric type given a word that is not one.</summary>
    private static string? NotANumber(ParseError error)
    {
        var (type, name) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.ValueType, o.IdentifierToken?.Value ?? o.Option.Name),
            ArgumentResult a => (a.Argument.ValueType, a.Argument.Name),
            _ => (null, ""),
        };
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        var whole = type == typeof(int) || type == typeof(long);
        if (!whole && type != typeof(double))
            return null;
        var bad = error.SymbolResult!.Tokens.FirstOrDefault(t => !(whole
            ? long.TryParse(t.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            : double.TryParse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
        return bad is null ? null : $"{name}: '{bad.Value}' is not {(whole ? "a whole number" : "a number")}";
    }
}
