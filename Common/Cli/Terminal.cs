using Spectre.Console;

namespace Lab.Common.Cli;

/// <summary>The width tables are drawn at and whether escape sequences are written, for every CLI that draws tables.</summary>
internal static class Terminal
{
    /// <summary>Wide enough that a row of the lab's tables is not folded.</summary>
    public const int RedirectedWidth = 200;

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
