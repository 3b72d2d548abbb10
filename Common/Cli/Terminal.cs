using Spectre.Console;

namespace Lab.Common.Cli;

/// <summary>The width tables are drawn at and whether escape sequences are written, for every CLI that draws tables.</summary>
internal static class Terminal
{
    /// <summary>The widest a table may be in a file or a pipe: Spectre folds a cell rather than pass it.</summary>
    public const int RedirectedWidth = 120;

    /// <summary>Where help, usage and prose wrap when the output is a file or a pipe (a terminal's own width otherwise).</summary>
    public const int RedirectedProseWidth = 100;

    /// <summary>The width prose is wrapped at: the terminal's, or <see cref="RedirectedProseWidth"/> when redirected;
    /// <c>COLUMNS</c>, when set to a number, wins in both cases, as it does for ls or man (a script that reads help
    /// wants whole lines: COLUMNS=1000).</summary>
    public static int ProseWidth =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns > 20 ? columns
        : !Console.IsOutputRedirected && WindowWidth() is > 20 and var width ? width
        : RedirectedProseWidth;

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Redirected to a file or a pipe, Spectre would assume 80 columns and fold every cell, and could write
    /// colours: give it <paramref name="width"/> columns and no escape sequences at all, so none can be
    /// mistaken for output. On a terminal, its own width and colours stay.
    /// </summary>
    public static void FitRedirectedOutput(int width = RedirectedWidth)
    {
        if (!Console.IsOutputRedirected)
            return;
        AnsiConsole.Profile.Width = width;
        AnsiConsole.Profile.Capabilities.Ansi = false;
        AnsiConsole.Profile.Capabilities.ColorSystem = ColorSystem.NoColors;
    }
}
