using System.CommandLine;
using Lab.Common.Cli;
using System.CommandLine.Help;
using CliCommand = System.CommandLine.Command;

namespace Lab.TestSupport;

/// <summary>
/// Issue 25 §2's audit: every verb of a CLI, run in-process through <see cref="CliRunner"/> with a bad value for
/// each of its options in turn, must fail as a user's mistake does: one line naming the option, no stack frame,
/// no .NET type name, exit 2. The bad value comes from the option's type (a word for a number or a duration, an
/// unknown word for a choice); a free string's comes from the caller's table, where every such option must be
/// listed, so a new one cannot slip past unaudited.
/// </summary>
internal static class CliAudit
{
    /// <summary>What to give each free-string option, by name: a bad value, or null for one whose every value is
    /// accepted (a label, a file to be written), which the caller's table says why.</summary>
    public delegate string[] BaseArguments(string commandPath);

    /// <returns>One line per case that did not fail as a user's mistake; empty when every case did.</returns>
    public static async Task<List<string>> RunAsync(Func<RootCommand> create, BaseArguments baseArguments,
        IReadOnlyDictionary<string, string?> freeStrings, TimeSpan perCase)
    {
        var problems = new List<string>();
        var cases = 0;
        foreach (var (command, path) in Commands(create(), []))
        {
            foreach (var option in command.Options.Where(o => o is not HelpOption and not VersionOption && o.ValueType != typeof(bool)))
            {
                var name = option.Name;
                var label = $"{string.Join(' ', path)} {name}".Trim();
                string? bad;
                if (BadValueOf(option) is { } typed)
                    bad = typed;
                else if (freeStrings.TryGetValue(name, out var listed))
                    bad = listed;
                else
                {
                    problems.Add($"{label}: a free string the audit's table does not list (give it a bad value, or null and why)");
                    continue;
                }
                if (bad is null)
                    continue;
                cases++;
                string[] args = [.. path, .. Without(baseArguments(string.Join(' ', path)), option), name, bad];
                var error = new StringWriter();
                var run = CliRunner.RunAsync(create(), args, interruptible: false, error);
                if (await Task.WhenAny(run, Task.Delay(perCase)) != run)
                {
                    problems.Add($"{label} {bad}: still running after {perCase.TotalSeconds:0} s (the value was not refused before the work began)");
                    continue;
                }
                if (run.Exception is { } thrown)
                {
                    problems.Add($"{label} {bad}: threw {thrown.InnerException?.GetType().Name}: {thrown.InnerException?.Message} (a stack trace for the user)");
                    continue;
                }
                var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var text = error.ToString();
                if (await run != ExitCodes.CannotStart)
                    problems.Add($"{label} {bad}: exit {await run}, not 2: {text.Trim()}");
                else if (lines.Length != 1)
                    problems.Add($"{label} {bad}: {lines.Length} lines on stderr: {text.Trim()}");
                else if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("System.", StringComparison.Ordinal) || text.Contains("`1", StringComparison.Ordinal))
                    problems.Add($"{label} {bad}: a stack frame or a .NET type name: {text.Trim()}");
                else if (!option.Aliases.Append(name).Any(a => text.Contains(a, StringComparison.Ordinal)))
                    problems.Add($"{label} {bad}: the line does not name the option: {text.Trim()}");
            }
        }
        if (cases == 0)
            problems.Add("no case ran: the audit audited nothing");
        return problems;
    }

    /// <summary>The audit as a test states it: every problem written to the test's output, none expected.</summary>
    public static async Task AssertEveryOptionRefusesABadValue(Func<RootCommand> create, BaseArguments baseArguments,
        IReadOnlyDictionary<string, string?> freeStrings, Action<string> output) =>
        AssertNone(await RunAsync(create, baseArguments, freeStrings, TimeSpan.FromSeconds(20)), output);

    /// <summary>Every command's --help within 100 columns, as a test states it.</summary>
    public static void AssertHelpFitsAHundredColumns(Func<RootCommand> create, Action<string> output) =>
        AssertNone(HelpWiderThan(create, 100), output);

    private static void AssertNone(List<string> problems, Action<string> output)
    {
        foreach (var problem in problems)
            output(problem);
        Xunit.Assert.Empty(problems);
    }

    /// <summary>Every line of every command's --help (the root's too) wider than <paramref name="width"/> when help is
    /// fitted to it as <see cref="CliRunner"/> does for a pipe; none when help wraps.</summary>
    public static List<string> HelpWiderThan(Func<RootCommand> create, int width)
    {
        var root = create();
        CliRunner.FitHelp(root, width);
        var problems = new List<string>();
        var helps = 0;
        foreach (var (_, path) in Commands(root, [], withoutAction: true))
        {
            var output = new StringWriter();
            root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output });
            helps++;
            foreach (var line in output.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > width))
                problems.Add($"{string.Join(' ', path)} --help: {line.Length} columns: {line}");
        }
        if (helps < 2)
            problems.Add("fewer than two commands' help was read: the check checked nothing");
        return problems;
    }

    /// <summary>The base arguments less the audited option and its value (a required one is given in both).</summary>
    private static IEnumerable<string> Without(string[] arguments, Option option)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            if (option.Name == arguments[i] || option.Aliases.Contains(arguments[i]))
                i++;
            else
                yield return arguments[i];
        }
    }

    /// <summary>Every command that runs something, with the words that reach it.</summary>
    private static IEnumerable<(CliCommand Command, string[] Path)> Commands(CliCommand command, string[] path, bool withoutAction = false)
    {
        if (command.Action is not null || withoutAction)
            yield return (command, path);
        foreach (var sub in command.Subcommands)
            foreach (var found in Commands(sub, [.. path, sub.Name], withoutAction))
                yield return found;
    }

    /// <summary>A value the option's type refuses whatever the command: null for a free string.</summary>
    private static string? BadValueOf(Option option)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (type == typeof(int) || type == typeof(long) || type == typeof(double))
            return "lots";
        if (option is DurationOption)
            return "soon";
        if (option.HelpName?.Contains('|', StringComparison.Ordinal) == true)
            return "bogus"; // Choices.OneOf: one word of a few
        return null;
    }
}
