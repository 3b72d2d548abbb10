using ScottPlot;

namespace Lab.Bench;

/// <summary>A PNG bar chart of the gateway's ratios to OTP and to bare Kestrel, one pair of bars per line.</summary>
public static class RatioChart
{
    public static void Save(BenchReport report, string path)
    {
        var plot = new Plot();
        var ticks = new List<Tick>();
        for (var i = 0; i < report.Lines.Count; i++)
        {
            var l = report.Lines[i];
            var otp = plot.Add.Bar(position: i * 3, value: l.GatewayToOtp ?? 0);
            otp.Color = Colors.IndianRed;
            var kestrel = plot.Add.Bar(position: i * 3 + 1, value: l.GatewayToKestrel ?? 0);
            kestrel.Color = Colors.SteelBlue;
            ticks.Add(new Tick(i * 3 + 0.5, $"{l.Title}\n{l.Unit}{(l.HigherIsBetter ? " ↑" : " ↓")}"));
        }
        var one = plot.Add.HorizontalLine(1);
        one.Color = Colors.Black;
        one.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("gateway ÷ reference (red: OTP, blue: Kestrel)");
        plot.Title($"Lab bench {report.At:yyyy-MM-dd HH:mm} UTC: the gateway's ratios");
        plot.Layout.Fixed(new PixelPadding(80, 20, 260, 40));
        plot.SavePng(path, Math.Max(900, 90 * report.Lines.Count), 700);
    }
}
