namespace Lab.Bench;

/// <summary>One bench run: when, how, every line, and every cell's raw values (for scripts).</summary>
public sealed record BenchReport(DateTimeOffset At, string Configuration, int Cores, BenchConfig Config, IReadOnlyList<BenchLine> Lines,
    IReadOnlyList<HttpCalibration.Row> Http)
{
    public IReadOnlyList<CellResult> Cells { get; init; } = [];
}
