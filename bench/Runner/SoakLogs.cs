using Lab.Common.Cli;

namespace Lab.Bench;

/// <summary>
/// The soak's run directories (the churn gateway's, <c>-slow</c>, <c>-limit</c> and <c>-storm</c>) and what becomes of
/// them: on a MISMATCH every one is kept and named (exit 1); with nothing mismatched they are deleted (hundreds
/// of megabytes, already counted; exit 0); when the soak stops on an exception, the ones written so far are kept
/// and named.
/// </summary>
internal sealed record SoakLogs(string Churn)
{
    public static SoakLogs Under(string root, DateTime startedUtc) => new(Path.Combine(root, $"lab-soak-{startedUtc:yyyyMMdd-HHmmss}"));

    public string Limit => Churn + "-limit";
    public string Storm => Churn + "-storm";
    public string SlowReaders => Churn + "-slow";
    public IReadOnlyList<string> All => [Churn, SlowReaders, Limit, Storm];

    /// <summary>The report's last lines and the exit code, once every check has been judged: each mismatch as a
    /// <c>MISMATCH</c> line and the directories kept, or the directories deleted.</summary>
    public (string Lines, int ExitCode) Conclude(IReadOnlyList<string> mismatches)
    {
        if (mismatches.Count > 0)
        {
            var lines = mismatches.Select(m => $"MISMATCH {m}").Append($"logs kept: {string.Join(", ", All)}");
            return (string.Join(Environment.NewLine, lines) + Environment.NewLine, ExitCodes.MeasurementFailed);
        }
        foreach (var dir in All.Where(Directory.Exists))
            Directory.Delete(dir, recursive: true);
        return ($"logs: {Churn} (deleted after counting; nothing mismatched){Environment.NewLine}", ExitCodes.Ok);
    }

    /// <summary>The line for a soak that a signal stopped during <paramref name="step"/>: nothing is deleted.</summary>
    public string AfterInterrupt(string step)
    {
        var written = All.Where(Directory.Exists).ToList();
        return $"interrupted during {step}: the steps after it did not run, and no verdict is given on part of a soak; " +
               (written.Count > 0 ? $"logs kept: {string.Join(", ", written)}" : "no run directory written yet");
    }

    /// <summary>The line for a soak that stopped on <paramref name="e"/>: nothing is deleted, and the directories
    /// written so far are named.</summary>
    public string AfterException(Exception e)
    {
        var written = All.Where(Directory.Exists).ToList();
        // One line, whatever the message holds (a server's stderr, say).
        var message = string.Join(" ", e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return $"soak stopped: {e.GetType().Name}: {message}; " +
               (written.Count > 0 ? $"logs kept: {string.Join(", ", written)}" : $"no run directory written yet (they would be {Churn}[-slow|-limit|-storm])");
    }
}
