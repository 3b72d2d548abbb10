using System.CommandLine;
using Lab.BrowserLab.Cli;
using Lab.Common.Cli;

var root = new RootCommand("BrowserLab: which connections a real browser opens against the gateway, why, and what the gateway logged for each.")
{
    RunCommand.Create(),
    MatrixCommand.Create(),
    ClientsCommand.Create(),
    FitCommand.Create(),
};
return await CliRunner.RunAsync(root, args);
