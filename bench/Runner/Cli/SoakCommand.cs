using System.CommandLine;
using Lab.Common.Cli;

namespace Lab.Bench.Cli;

/// <summary><c>LabBench soak [--quick] [--logs DIR]</c> (<c>./lab soak</c>): churn rounds, a flood, SIGTERM,
/// a gateway offered more connections than its descriptor limit, then a reject storm (docs/reliability.md).</summary>
internal static class SoakCommand
{
    private static readonly Option<bool> Quick = new("--quick")
    { Description = "A tenth of the cycles (10,000 per round), 15 s of slow readers instead of 60 s, and a 1-minute storm." };
    private static readonly Option<string?> Logs = new("--logs")
    { Description = "Where the run directories go; they are kept only on a MISMATCH (default: the temp directory)." };

    public static Command Create()
    {
        var command = new Command("soak", "Churn rounds, a flood, SIGTERM, then 60 s of 50 slow readers (clients that never read) against --max-connections 50, then a gateway offered more connections than its descriptor limit, then a 10-minute reject storm " +
                                          "(--quick: 1 minute) with RSS, files and disk per minute. Any MISMATCH (a lost do_terminate, failed log writes, descriptors not back, " +
                                          "RSS over its bound) exits 1 and keeps the logs; otherwise they are deleted.")
        {
            Quick, Logs,
        };
        // The hand-written parser took --quick anywhere: `LabBench --quick soak` stays a quick soak, never a full one.
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(Quick) || parse.GetValue(BenchCommand.Quick), parse.GetValue(Logs), cancel));
        return command;
    }

    private static async Task<int> RunAsync(bool quick, string? logs, CancellationToken interrupt)
    {
        var paths = BenchPaths.RequireBuilt();
        if (logs is not null)
            OutputFolder.Create(logs, "--logs");
        var started = DateTime.UtcNow;
        var (soak, exit) = await new Soak(paths, quick ? 10_000 : 100_000, 1000, TimeSpan.FromMinutes(quick ? 1 : 10),
            SoakLogs.Under(Path.GetFullPath(logs ?? Path.GetTempPath()), started),
            line => Console.Error.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,6:0.0}s] {line}"),
            slowReaders: TimeSpan.FromSeconds(quick ? 15 : 60)).RunAsync(interrupt);
        Console.WriteLine(soak);
        return exit;
    }
}
