using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The ratio chart's value labels, from a report built by hand: a bar clamped at 16× and a bar whose range
/// lost an end (a repetition that measured 0 on the side divided by) are labelled in full, never with a half range
/// such as "(4.66–)"; a bar the axis shows whole, whisker included, has no label.</summary>
public sealed class RatioChartTests
{
    private static BenchLine Line(string title, bool higherIsBetter, (double Median, double Min, double Max) gateway, (double Median, double Min, double Max) otp,
        (double Median, double Min, double Max) kestrel) => new()
    {
        Title = title, Workload = title, Metric = title, Unit = "n", HigherIsBetter = higherIsBetter,
        Median = new Dictionary<string, double> { ["gateway"] = gateway.Median, ["otp"] = otp.Median, ["kestrel"] = kestrel.Median },
        Range = new Dictionary<string, double[]> { ["gateway"] = [gateway.Min, gateway.Max], ["otp"] = [otp.Min, otp.Max], ["kestrel"] = [kestrel.Min, kestrel.Max] },
        ServerCpuSeconds = new Dictionary<string, double>(), GeneratorCpuSeconds = new Dictionary<string, double>(),
        Collections = new Dictionary<string, double[]>(), Targets = [],
    };

    [Fact]
    public void AClampedBarAndARangeWithoutItsUpperEndAreLabelledInFull()
    {
        var report = new BenchReport(DateTimeOffset.UnixEpoch, "Debug", 2, BenchConfig.Quick,
        [
            // 25× OTP, beyond the axis's 16×; even with Kestrel, whisker and all.
            Line("rate", higherIsBetter: true, gateway: (100, 90, 110), otp: (4, 4, 4), kestrel: (100, 100, 100)),
            // Listen overflows (lower is better): the gateway had none in one repetition, so OTP's worst ÷ the gateway's
            // best divides by 0 and the range has no upper end; 16.47× OTP is clamped too, 1.5× Kestrel is not.
            Line("overflows", higherIsBetter: false, gateway: (35, 0, 70), otp: (576.5, 326, 827), kestrel: (52.5, 50, 55)),
        ], []);
        var png = Path.Combine(Directory.CreateTempSubdirectory("lab-chart-").FullName, "chart.png");

        var labels = RatioChart.Save(report, png);

        Assert.Equal(["25× (22.5–27.5)", "16.47× (≥ 4.66)", "1.5× (≥ 0.71)"], labels);
        Assert.All(labels, l => Assert.DoesNotMatch(@"–\)|\(–|\(\)", l));
        Assert.True(new FileInfo(png).Length > 10_000);
        Directory.Delete(Path.GetDirectoryName(png)!, recursive: true);
    }

    [Theory]
    [InlineData(2.0, 1.5, 2.5, null)] // on the axis, whisker drawn: the bar says it all
    [InlineData(20.0, 10.0, 30.0, "20× (10–30)")] // the bar clamped at 16×
    [InlineData(8.0, 4.0, 40.0, "8× (4–40)")] // the whisker clamped at 16×
    [InlineData(0.04, 0.001, 0.05, "0.04× (0.001–0.05)")] // clamped at 1/16×
    [InlineData(3.0, 2.0, null, "3× (≥ 2)")] // no whisker: no upper end
    [InlineData(3.0, null, 4.0, "3× (≤ 4)")]
    [InlineData(3.0, null, null, "3×")]
    public void LabelsAreWholeOrAbsent(double advantage, double? low, double? high, string? label)
    {
        Assert.Equal(label, RatioChart.Label(new ChartRow("t", "otp", advantage, low, high)));
    }
}
