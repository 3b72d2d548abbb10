using System.CommandLine;
using System.CommandLine.Help;

namespace Lab.Common.Cli;

/// <summary>
/// Runs a System.CommandLine root so that every Lab CLI fails the same way: parse errors and
/// <see cref="UsageException"/> become one line on stderr and exit code 2; a measuring verb that a signal
/// stopped exits 130 (<see cref="Interruption"/>).
/// </summary>
internal static class CliRunner
{
    /// <param name="interruptible">The verbs measure: SIGINT and SIGTERM cancel the token each action is given
    /// and the exit is 130. False for a CLI whose commands own their signals (the gateway's host closes its
    /// connections and flushes its logs on SIGTERM, and exits 0).</param>
    public static Task<int> RunAsync(RootCommand root, string[] args, bool interruptible = true) =>
        RunAsync(root, args, interruptible, Console.Error);

    /// <param name="error">Where the one line of a mistake goes (stderr; a test's writer when it audits in-process).</param>
    public static async Task<int> RunAsync(RootCommand root, string[] args, bool interruptible, TextWriter error)
    {
        FitHelp(root, Terminal.ProseWidth);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 || ParseErrorLine.OptionTakenAsArgument(parsed) is not null)
        {
            // One line: the mistake to fix first; --help shows the rest.
            error.WriteLine($"error: {ParseErrorLine.OptionTakenAsArgument(parsed) ?? ParseErrorLine.Of(parsed)} (see --help)");
            return ExitCodes.CannotStart;
        }

        using var interruption = interruptible ? new Interruption() : null;
        try
        {
            // System.CommandLine's own handler would cancel and then kill after a timeout: the lab decides instead.
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            var exit = await parsed.InvokeAsync(config, interruption?.Token ?? CancellationToken.None);
            return interruption is { Requested: true } ? ExitCodes.Interrupted : exit;
        }
        catch (Exception e) when (interruption is { Requested: true } && e is not UsageException)
        {
            // Stopped before the verb had anything to summarise (or while it was setting up).
            error.WriteLine($"interrupted ({interruption.Signal}) before a result: nothing measured was written{(e is OperationCanceledException ? "" : $" ({e.Message})")}");
            return ExitCodes.Interrupted;
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.CannotStart;
        }
        catch (MeasurementException e)
        {
            error.WriteLine($"measurement failed: {e.Message}");
            return ExitCodes.MeasurementFailed;
        }
    }

    /// <summary>Help wraps at <paramref name="width"/>: System.CommandLine's default, the console's width, is unbounded
    /// when the output is a pipe (a 300-column line in a file or a pager).</summary>
    public static void FitHelp(RootCommand root, int width)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
            if (help.Action is HelpAction action)
                action.MaxWidth = width;
    }
}
