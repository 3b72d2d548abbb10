using System.Globalization;
using System.Text.Json;
using Lab.Logs;

namespace Lab.Bench;

/// <summary>
/// What the soak checks in a gateway's run directory once the gateway has exited: every <c>init ok</c> has
/// its <c>do_terminate</c> (read across gateway.clef's rolled files), and the gateway's own count of failed
/// log writes (<c>totals logWriteFailures</c>) is zero. Each finding is one line; any finding is a MISMATCH.
/// </summary>
internal sealed record RunLogCheck(string Directory, long Inits, long Ends, long Refused, long? LogWriteFailures, IReadOnlyList<string> Mismatches)
{
    // Matched on the line's bytes before any JSON is parsed: "Name":"init_ok".
    private static readonly string InitOkLine = LogContract.ClefNeedle(LogContract.Names.InitOk);
    private static readonly string DoTerminateLine = LogContract.ClefNeedle(LogContract.Names.DoTerminate);
    private static readonly string RefusedLine = LogContract.ClefNeedle(LogContract.Names.Refused);
    private static readonly string TotalsLine = LogContract.ClefNeedle(LogContract.Names.Totals);

    public bool Ok => Mismatches.Count == 0;

    public static RunLogCheck Of(string directory)
    {
        var files = RunFiles.JsonLogFiles(directory);
        long inits = 0, ends = 0, refused = 0;
        long? failures = null;
        var open = new HashSet<long>();
        foreach (var line in files.SelectMany(File.ReadLines))
        {
            if (line.Contains(InitOkLine, StringComparison.Ordinal))
            {
                inits++;
                if (PortId(line) is { } id)
                    open.Add(id);
            }
            else if (line.Contains(DoTerminateLine, StringComparison.Ordinal))
            {
                ends++;
                if (PortId(line) is { } id)
                    open.Remove(id);
            }
            else if (line.Contains(RefusedLine, StringComparison.Ordinal))
                refused++;
            else if (line.Contains(TotalsLine, StringComparison.Ordinal))
                failures = LogContract.ClefField(line, LogContract.Fields.LogWriteFailures);
        }
        var mismatches = new List<string>();
        if (files.Count == 0)
            mismatches.Add($"no {RunFiles.JsonLog} in {directory}");
        if (inits != ends || open.Count > 0)
            mismatches.Add($"{inits} init ok but {ends} do_terminate; without one: {string.Join(", ", open.Order().Take(5).Select(LogContract.FormatPort))}{(open.Count > 5 ? $" and {open.Count - 5} more" : "")}");
        if (failures is null)
            mismatches.Add("no totals line: the gateway did not exit cleanly");
        else if (failures > 0)
            mismatches.Add($"the gateway counted {failures} failed log write(s): its logs are incomplete");
        return new RunLogCheck(directory, inits, ends, refused, failures, mismatches);
    }

    /// <summary>The gateway's own count of failed log writes, from the <c>totals</c> line it writes on exit (the
    /// newest gateway*.clef first, so a run whose retention deleted its first files is read too); null without one.</summary>
    public static long? LogWriteFailuresOf(string directory)
    {
        foreach (var file in RunFiles.JsonLogFiles(directory).Reverse())
        {
            long? failures = null;
            foreach (var line in File.ReadLines(file))
            {
                if (line.Contains(TotalsLine, StringComparison.Ordinal))
                    failures = LogContract.ClefField(line, LogContract.Fields.LogWriteFailures);
            }
            if (failures is not null)
                return failures;
        }
        return null;
    }

    private static long? PortId(string line) => LogContract.ClefField(line, LogContract.Fields.PortId);



    public string Summary() =>
        $"log lines: {Inits} init ok, {Ends} do_terminate, {Refused} refused, {LogWriteFailures?.ToString(CultureInfo.InvariantCulture) ?? "no"} failed write(s) — " +
        (Ok ? "one do_terminate per init ok, nothing lost" : "MISMATCH: " + string.Join("; ", Mismatches));
}
