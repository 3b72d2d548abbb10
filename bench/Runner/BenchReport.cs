namespace Lab.Bench;

/// <summary>One bench run: when, how, and every line.</summary>
public sealed record BenchReport(DateTimeOffset At, string Configuration, int Cores, BenchConfig Config, IReadOnlyList<BenchLine> Lines,
    IReadOnlyList<HttpCalibration.Row> Http);
