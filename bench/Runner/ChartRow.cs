namespace Lab.Bench;

/// <summary>One bar of the ratio chart: how many times better the gateway did than <see cref="Reference"/>
/// on a line of the table (median), and the range the repetitions allow (<see cref="Low"/>–<see cref="High"/>,
/// null when a repetition had nothing to divide by).</summary>
internal sealed record ChartRow(string Title, string Reference, double Advantage, double? Low, double? High);
