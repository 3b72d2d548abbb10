using ScottPlot;

namespace Lab.Bench;

/// <summary>
/// A PNG of the gateway against OTP and bare Kestrel, one row per line of the table (a line that repeats
/// another's workload and metric, like scaling at 100 = echo 100 × 64 B, is drawn once). Every bar is
/// oriented the same way, "times better for the gateway": gateway ÷ reference where higher is better,
/// reference ÷ gateway where lower is better, so right of 1 is always the gateway ahead. A whisker spans
/// what the repetitions allow (the worst pairing of min and max to the best).
/// </summary>
internal static class RatioChart
{
    private const double RowHeight = 3;

    public static IReadOnlyList<ChartRow> Rows(BenchReport report)
    {
        var rows = new List<ChartRow>();
        var seen = new HashSet<(string, string)>();
        foreach (var line in report.Lines)
        {
            if (!seen.Add((line.Workload, line.Metric)))
                continue;
            foreach (var reference in new[] { "otp", "kestrel" })
            {
                if (Advantage(line, reference) is { } row)
                    rows.Add(row);
            }
        }
        return rows;
    }

    private static ChartRow? Advantage(BenchLine line, string reference)
    {
        if (!line.Median.TryGetValue("gateway", out var g) || !line.Median.TryGetValue(reference, out var r) || g <= 0 || r <= 0)
            return null; // nothing to divide (a reference without the figure, or a net figure at or below zero)
        var (gMin, gMax) = (line.Range["gateway"][0], line.Range["gateway"][1]);
        var (rMin, rMax) = (line.Range[reference][0], line.Range[reference][1]);
        var title = $"{line.Title}, {line.Unit}";
        return line.HigherIsBetter
            ? new ChartRow(title, reference, g / r, rMax > 0 ? gMin / rMax : null, rMin > 0 ? gMax / rMin : null)
            : new ChartRow(title, reference, r / g, gMax > 0 ? rMin / gMax : null, gMin > 0 ? rMax / gMin : null);
    }

    /// <summary>The x axis is log2 of the advantage, clamped to 1/16×–16× (a clamped bar or whisker ends in a
    /// labelled mark): ratios are multiplicative, and one 100× outlier must not flatten every other row.</summary>
    private const double Clamp = 4;

    public static void Save(BenchReport report, string path)
    {
        var rows = Rows(report);
        var titles = rows.Select(r => r.Title).Distinct().ToList();
        var plot = new Plot();
        var ticks = new List<Tick>();
        static double X(double ratio) => Math.Clamp(Math.Log2(ratio), -Clamp, Clamp);
        for (var i = 0; i < titles.Count; i++)
        {
            // The first line of the table at the top.
            var y = (titles.Count - 1 - i) * RowHeight;
            ticks.Add(new Tick(y + 0.5, titles[i]));
            foreach (var row in rows.Where(r => r.Title == titles[i]))
            {
                var at = y + (row.Reference == "otp" ? 1 : 0);
                var color = row.Reference == "otp" ? Colors.IndianRed : Colors.SteelBlue;
                var bars = plot.Add.Bars(new[] { new Bar { Position = at, Value = X(row.Advantage), ValueBase = 0, FillColor = color, Size = 0.9 } });
                bars.Horizontal = true;
                if (row.Low is { } low && row.High is { } high)
                {
                    var whisker = plot.Add.Line(X(low), at, X(high), at);
                    whisker.Color = Colors.Black;
                    whisker.LineWidth = 1.5f;
                }
                var end = Math.Max(row.High ?? row.Advantage, row.Advantage);
                if (Math.Abs(Math.Log2(end)) > Clamp || Math.Abs(Math.Log2(row.Advantage)) > Clamp)
                {
                    var label = plot.Add.Text($"{row.Advantage:0.##}× ({row.Low:0.##}–{row.High:0.##})", Clamp, at);
                    label.LabelFontSize = 10;
                    label.LabelAlignment = Alignment.MiddleRight;
                }
            }
        }
        var one = plot.Add.VerticalLine(0);
        one.Color = Colors.Black;
        one.LinePattern = LinePattern.Dashed;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(-(int)Clamp, 2 * (int)Clamp + 1).Select(e => new Tick(e, e >= 0 ? $"{Math.Pow(2, e):0}×" : $"1/{Math.Pow(2, -e):0}×")).ToArray());
        plot.Axes.SetLimitsX(-Clamp - 0.2, Clamp + 0.2);
        plot.XLabel("times better for the gateway (log scale): right of 1× it is ahead; whisker = range over the repetitions");
        plot.Title($"Lab bench {report.At:yyyy-MM-dd HH:mm} UTC{(report.Commit.Length > 0 ? $", {report.Commit}" : "")}: the gateway vs OTP (red) and bare Kestrel (blue)");
        // Room for the longest label on the left, so none is clipped.
        var left = 40 + 7 * titles.DefaultIfEmpty("").Max(t => t.Length);
        plot.Layout.Fixed(new PixelPadding(left, 30, 70, 50));
        plot.SavePng(path, left + 960, 130 + 34 * titles.Count);
    }
}
