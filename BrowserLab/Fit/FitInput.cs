using System.Text.Json;
using Lab.BrowserLab.Join;
using Lab.BrowserLab.Report;
using Lab.Common.Cli;

namespace Lab.BrowserLab.Fit;

/// <summary>The part of a <c>browser run</c> directory's report.json the fit reads: the schedule, how long the
/// page was watched, the joined connections (the gateway's own times for each), and what the run measured when
/// it took the network away (null when it did not).</summary>
internal sealed record FitInput(string Schedule, long WatchAfterMs, IReadOnlyList<JoinedConnection> Connections, NetworkChangeReport? NetworkChange = null)
{
    public const string ReportFile = "report.json";

    /// <summary>Reads RUN_DIR/report.json; a directory that is not a browser run's is a usage error, said plainly.</summary>
    public static FitInput Read(string runDirectory)
    {
        if (!Directory.Exists(runDirectory))
            throw new UsageException($"{runDirectory}: no such directory (give a directory made by browser run)");
        var path = Path.Combine(runDirectory, ReportFile);
        if (!File.Exists(path))
            throw new UsageException($"{runDirectory} has no {ReportFile}: give a directory made by browser run (its report: line names it)");
        try
        {
            return JsonSerializer.Deserialize<FitInput>(File.ReadAllText(path), ReportJson.Options)
                   ?? throw new UsageException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not a browser run's report.json: {e.Message}");
        }
    }
}
