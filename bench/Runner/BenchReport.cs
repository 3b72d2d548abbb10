namespace Lab.Bench;

/// <summary>One bench run: when, how, every line, and every cell's raw values (for scripts).</summary>
internal sealed record BenchReport(DateTimeOffset At, string Configuration, int Cores, BenchConfig Config, IReadOnlyList<BenchLine> Lines,
    IReadOnlyList<HttpCalibration.Row> Http)
{
    public IReadOnlyList<CellResult> Cells { get; init; } = [];

    /// <summary>The commit the measured build came from (<c>git describe --always --dirty</c>), so a table can be traced to its code.</summary>
    public string Commit { get; init; } = "";

    /// <summary>Stopped by SIGINT or SIGTERM: the cells measured before the signal, the rest never run (their targets NO DATA).</summary>
    public bool Interrupted { get; init; }

    /// <summary>How many cells the configuration asked for: every workload, repetition and server.</summary>
    public int CellsPlanned => Config.Workloads.Count * Config.Repetitions * Config.Servers.Count;

    /// <summary>What an interrupted run covers, for the table and the terminal alike; null for a whole run.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? InterruptedSentence => Interrupted
        ? $"{Cells.Count} of {CellsPlanned} cells were measured before the signal: workloads never reached are not shown, and a target whose servers were not all measured is NO DATA."
        : null;
}
