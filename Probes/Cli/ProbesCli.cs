using System.CommandLine;

namespace Lab.Probes.Cli;

/// <summary>The probes' command line: every verb, for Program and for the tests that audit it in-process.</summary>
internal static class ProbesCli
{
    public static RootCommand Create() => new("Lab probes: HTTP short vs keep-alive, pipelining, measured connection by connection.")
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
}
