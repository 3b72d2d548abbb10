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

    /// <summary>A word that looks like an option but that no option matched, taken as a value by an argument
    /// that takes several (analyze's DIR...): "--jsn" must not become a directory. Null when there is none (a
    /// negative number, or anything after "--", is a value).</summary>
    public static string? OptionTakenAsArgument(ParseResult parsed)
    {
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
                return null;
            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-'
                && !double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && parsed.GetResult(parsed.CommandResult.Command) is CommandResult command
                && command.Children.OfType<ArgumentResult>().Any(a => a.Tokens.Contains(token)))
                return $"unrecognized option '{token.Value}'";
        }
        return null;
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
        if (type == typeof(int) && error.SymbolResult!.Tokens.FirstOrDefault(t =>
                long.TryParse(t.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is > int.MaxValue or < int.MinValue) is { } huge)
            return $"{name}: '{huge.Value}' is too large (at most {int.MaxValue.ToString(CultureInfo.InvariantCulture)})";
        var bad = error.SymbolResult!.Tokens.FirstOrDefault(t => !(whole
            ? long.TryParse(t.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            : double.TryParse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
        return bad is null ? null : $"{name}: '{bad.Value}' is not {(whole ? "a whole number" : "a number")}";
    }
}
