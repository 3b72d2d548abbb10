using System.CommandLine;

namespace Lab.Common.Cli;

/// <summary>
/// Options that take one word of a fixed few. Help shows the words in the order given
/// (<c>--policy &lt;fin|rst|http400|hold&gt;</c>; <c>AcceptOnlyFromAmong</c> would sort them), a shell
/// completes them, and another word is one line naming the option and the words (its message is several).
/// </summary>
internal static class Choices
{
    public static Option<string> OneOf(this Option<string> option, params string[] words)
    {
        option.HelpName = string.Join('|', words);
        option.CompletionSources.Add(words);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } word && !words.Contains(word, StringComparer.Ordinal))
                result.AddError($"{result.IdentifierToken?.Value ?? option.Name}: '{word}' is not one of {string.Join(", ", words)}");
        });
        return option;
    }
}
