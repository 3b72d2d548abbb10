using System.CommandLine;

namespace Lab.Common.Cli;

/// <summary>
/// Runs a System.CommandLine root so that every Lab CLI fails the same way: parse errors and
/// <see cref="UsageException"/> become one line on stderr and exit code 2.
/// </summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 || ParseErrorLine.OptionTakenAsArgument(parsed) is not null)
        {
            // One line: the mistake to fix first; --help shows the rest.
            Console.Error.WriteLine($"error: {ParseErrorLine.OptionTakenAsArgument(parsed) ?? ParseErrorLine.Of(parsed)} (see --help)");
            return ExitCodes.CannotStart;
        }

        try
        {
            // Commands own their signals (the gateway must close connections and flush logs on SIGTERM).
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parsed.InvokeAsync(config);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.CannotStart;
        }
        catch (MeasurementException e)
        {
            Console.Error.WriteLine($"measurement failed: {e.Message}");
            return ExitCodes.MeasurementFailed;
        }
    }
}
