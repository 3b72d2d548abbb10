using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The bench's progress lines estimate what is left from the cells done so far, and say nothing before the first.</summary>
public class BenchProgressTests
{
    [Theory]
    [InlineData(600, 10, 30, ", about 20 min left")]
    [InlineData(61, 1, 2, ", about 2 min left")]
    [InlineData(30, 1, 2, ", under a minute left")]
    [InlineData(0, 0, 30, "")]
    [InlineData(600, 30, 30, "")]
    public void RemainingIsTheMeanCellTimesTheCellsLeft(int elapsedSeconds, int done, int total, string expected) =>
        Assert.Equal(expected, BenchRunner.Remaining(TimeSpan.FromSeconds(elapsedSeconds), done, total));
}
