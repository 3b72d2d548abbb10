using System.Globalization;
using Lab.Logs;

namespace Lab.Logs.Analysis;

/// <summary>The lines of a run directory that are about its runs rather than a connection, read in order:
/// <c>run_start</c> opens a run, <c>start_failed</c> marks it never started, <c>totals</c> says what it
/// accepted and what its logs lost, <c>log_cut</c> names a log whose previous line was cut.</summary>
internal sealed class RunEvents
{
    private readonly List<RunStart> _runs = [];
    private readonly List<RunTotals> _totals = [];

    public IReadOnlyList<RunStart> Runs => _runs;
    public IReadOnlyList<RunTotals> Totals => _totals;

    /// <summary>Takes one event (ignoring any other); returns the file a <c>log_cut</c> names, else null.</summary>
    /// <exception cref="FormatException">A totals line without its accepted count: a damaged line.</exception>
    public string? Apply(string name, DateTimeOffset at, Func<string, string?> logged)
    {
        long? Long(string field) => long.TryParse(logged(field), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        switch (name)
        {
            case LogContract.Names.Totals:
                _totals.Add(new RunTotals(Long(LogContract.Fields.Accepted) ?? throw new FormatException("totals without accepted"),
                    Long(LogContract.Fields.LogWriteFailures) ?? 0, Long(LogContract.Fields.LogLinesLost), Long(LogContract.Fields.ConnectionsUnlogged)));
                return null;
            case LogContract.Names.RunStart:
                _runs.Add(new RunStart(LoggedText.Printable(logged(LogContract.Fields.RunId)) ?? "?", at,
                    logged(LogContract.Fields.Append) is "true" or "True", Long(LogContract.Fields.FirstPortId) ?? 0, null));
                return null;
            case LogContract.Names.StartFailed when _runs.Count > 0:
                _runs[^1] = _runs[^1] with { NeverStarted = LoggedText.Printable(logged(LogContract.Fields.Reason)) ?? "?" };
                return null;
            case LogContract.Names.LogCut:
                return logged(LogContract.Fields.File) ?? "";
            default:
                return null;
        }
    }
}
