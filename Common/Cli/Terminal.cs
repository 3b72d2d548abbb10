using Spectre.Console;

namespace Lab.Probes.Output;

public static class Terminal
{
    /// <summary>Redirected to a file or pipe, Spectre would assume 80 columns and fold every cell.</summary>
    public static void WidenWhenRedirected()
    {
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = 200;
    }
}
