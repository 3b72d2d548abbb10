using System.CommandLine;
using Lab.Common.Cli;
using Lab.Probes.Cli;

var root = new RootCommand("Lab probes: HTTP short vs keep-alive, pipelining, measured connection by connection.")
{
    HttpCommand.Create(),
    PipelineCommand.Create(),
    LimitsCommand.Create(),
    CensusCommand.Create(),
    PortsCommand.Create(),
    BacklogCommand.Create(),
    KeepAliveCommand.Create(),
    FramesCommand.Create(),
    HandshakeCommand.Create(),
};
return await CliRunner.RunAsync(root, args);
