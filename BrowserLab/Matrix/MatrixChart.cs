using ScottPlot;

namespace Lab.BrowserLab.Matrix;

/// <summary>matrix.png: per policy, three bars — connections per navigation, retries and unused preconnects
/// per trial — each the median over the trials with a whisker from the smallest to the largest.</summary>
internal static class MatrixChart
{
    public const string File = "matrix.png";

    private static readonly (string Name, Func<MatrixRow, Spread> Of)[] Measures =
    [
        ("connections per navigation", r => r.ConnectionsPerNavigation),
        ("retries per trial", r => r.Retries),
        ("unused preconnects per trial", r => r.UnusedPreconnects),
    ];

    public static void Save(IReadOnlyList<MatrixRow> rows, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new List<Tick>();
        for (var p = 0; p < rows.Count; p++)
        {
            for (var m = 0; m < Measures.Length; m++)
            {
                var spread = Measures[m].Of(rows[p]);
                var x = p * (Measures.Length + 1) + m;
                var bar = plot.Add.Bar(new Bar { Position = x, Value = spread.Median, FillColor = palette.GetColor(m) });
                bar.LegendText = p == 0 ? Measures[m].Name : "";
                if (spread.Max > spread.Min)
                {
                    var whisker = plot.Add.Line(x, spread.Min, x, spread.Max);
                    whisker.Color = Colors.Black;
                    whisker.LineWidth = 1.5f;
                }
            }
            ticks.Add(new Tick(p * (Measures.Length + 1) + (Measures.Length - 1) / 2.0, $"{rows[p].Policy} ({rows[p].Trials} trial{(rows[p].Trials == 1 ? "" : "s")})"));
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Margins(bottom: 0, top: 0.3); // room for the legend above the bars
        plot.YLabel("median over the trials; whisker: min–max");
        plot.Title("Policy matrix: what each rejection makes Chromium do");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Math.Max(700, 70 * rows.Count * (Measures.Length + 1)), 480);
    }
}
