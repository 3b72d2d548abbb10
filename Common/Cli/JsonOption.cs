using System.CommandLine;

namespace Lab.Common.Cli;

/// <summary>The <c>--json</c> flag every command that prints a result takes; <see cref="JsonOutput"/> writes what it promises.</summary>
internal static class JsonOption
{
    public const string OneObject = "Print one JSON object on stdout and nothing else.";

    public static Option<bool> Create(string description = OneObject) => new("--json") { Description = description };
}
