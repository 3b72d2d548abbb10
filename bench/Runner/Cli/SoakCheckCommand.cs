using System.CommandLine;
using Lab.Common.Cli;

namespace Lab.Bench.Cli;

/// <summary><c>LabBench soak-check RUN_DIRECTORY</c>: the soak's log checks on one gateway run directory
/// (after the gateway exited), for a run made by hand.</summary>
internal static class SoakCheckCommand
{
    private static readonly Argument<string> RunDirectory = new("RUN_DIRECTORY") { Description = "An existing gateway run directory (gateway serve's logs=)." };

    public static Command Create()
    {
        var command = new Command("soak-check", "The soak's log checks on one gateway run directory; exit 1 on a MISMATCH.") { RunDirectory };
        command.SetAction(parse => Run(parse.GetValue(RunDirectory)!));
        return command;
    }

    private static int Run(string dir)
    {
        if (!Directory.Exists(dir))
            throw new UsageException($"RUN_DIRECTORY: {dir} does not exist");
        var found = RunLogCheck.Of(dir);
        Console.WriteLine(found.Summary());
        foreach (var m in found.Mismatches)
            Console.WriteLine($"MISMATCH {m}");
        if (!found.Ok)
            Console.WriteLine($"logs kept: {Path.GetFullPath(dir)}");
        return found.Ok ? ExitCodes.Ok : ExitCodes.MeasurementFailed;
    }
}
