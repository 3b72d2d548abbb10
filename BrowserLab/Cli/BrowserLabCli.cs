using System.CommandLine;

namespace Lab.BrowserLab.Cli;

/// <summary>BrowserLab's command line: every verb, for Program and for the tests that audit it in-process.</summary>
internal static class BrowserLabCli
{
    public static RootCommand Create() => new("BrowserLab: which connections a real browser opens against the gateway, why, and what the gateway logged for each.")
    {
        RunCommand.Create(),
        MatrixCommand.Create(),
        ClientsCommand.Create(),
        FitCommand.Create(),
    };
}
