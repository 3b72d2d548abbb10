using System.CommandLine;

namespace Lab.Gateway.Cli;

/// <summary>The gateway's command line: every verb, for Program and for the tests that audit it in-process.</summary>
internal static class GatewayCli
{
    public static RootCommand Create() => new("Lab gateway: an Erlang-style {packet,N} TCP gateway on Kestrel, with an HTTP lab endpoint and per-connection logs.")
    {
        ServeCommand.Create(),
        AnalyzeCommand.Create(),
        ConnCommand.Create(),
    };
}
