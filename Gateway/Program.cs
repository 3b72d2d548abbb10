using System.CommandLine;
using Lab.Common.Cli;
using Lab.Gateway.Cli;

var root = new RootCommand("Lab gateway: an Erlang-style {packet,N} TCP gateway on Kestrel, with an HTTP lab endpoint and per-connection logs.")
{
    ServeCommand.Create(),
    AnalyzeCommand.Create(),
};
return await CliRunner.RunAsync(root, args);
