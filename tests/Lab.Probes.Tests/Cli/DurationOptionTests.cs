using System.CommandLine;
using Lab.Common.Cli;

namespace Lab.Probes.Tests.Cli;

/// <summary>The one duration rule every Lab CLI applies (Common/Cli): the spelling, what 0 and off mean,
/// ranges, the hidden old name, and that a wrong value is a parse error naming the option.</summary>
public class DurationOptionTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 5M ", 300_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("0ms", 0)]
    public void TheSpellingIsANumberAndAUnitOrZero(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Duration.Parse(text, "--x"));

    [Fact]
    public void OffIsNull() => Assert.Null(Duration.Parse("off", "--x"));

    [Theory]
    [InlineData("5", "--x: '5' has no unit; write 5s (or 5ms, 5m)")]
    [InlineData("2.5", "--x: '2.5' has no unit; write 2.5s (or 2.5ms, 2.5m)")]
    [InlineData("soon", "--x: 'soon' is not a duration; write e.g. 500ms, 2s or 5m (at most 24h)")]
    [InlineData("-1s", "--x: '-1s' is not a duration; write e.g. 500ms, 2s or 5m (at most 24h)")]
    [InlineData("25h", "--x: '25h' is not a duration; write e.g. 500ms, 2s or 5m (at most 24h)")]
    public void ABareNumberOrAnotherWordIsRefusedWithWhatToWrite(string text, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => Duration.Parse(text, "--x")).Message);

    /// <summary>A word that is no duration names the option's own bound, not a day (probe http's --duration stops at 10m).</summary>
    [Fact]
    public void AWordThatIsNoDurationNamesTheOptionsOwnBound()
    {
        var option = new DurationOption("--duration", "Run this long", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));

        Assert.Equal("--duration: 'abc' is not a duration; write e.g. 500ms, 2s or 5m (at most 10m)",
            Assert.Throws<UsageException>(() => option.Check("abc", "--duration")).Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("off")]
    public void WhereTheOptionCanBeOffZeroAndOffBothSaySo(string text) =>
        Assert.Null(new DurationOption("--idle-timeout", "Idle.", TimeSpan.FromMilliseconds(1), Day, off: "never").Check(text, "--idle-timeout"));

    [Fact]
    public void WhereTheRangeStartsAtZeroZeroIsAZeroAndOffIsRefused()
    {
        var option = new DurationOption("--shutdown-timeout", "Grace.", TimeSpan.Zero, Day);

        Assert.Equal(TimeSpan.Zero, option.Check("0", "--shutdown-timeout"));
        Assert.Equal("--shutdown-timeout: off is not allowed here; give a duration, up to 24h",
            Assert.Throws<UsageException>(() => option.Check("off", "--shutdown-timeout")).Message);
    }

    [Theory]
    [InlineData("0", "--duration: 0 is out of range; use 1s to 10m")]
    [InlineData("500ms", "--duration: 500ms is out of range; use 1s to 10m")]
    [InlineData("11m", "--duration: 11m is out of range; use 1s to 10m")]
    [InlineData("off", "--duration: off is not allowed here; give a duration, 1s to 10m")]
    public void ElsewhereZeroOffAndValuesOutsideTheRangeAreRefused(string text, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => Measured().Check(text, "--duration")).Message);

    [Fact]
    public void HelpShowsTheDefaultAsWrittenAndTheRange()
    {
        var option = new DurationOption("--idle-timeout", "Close an idle connection.", TimeSpan.FromMilliseconds(1), Day, off: "never")
        { DefaultValueFactory = _ => "30s" };
        var help = HelpOf(new RootCommand { option });

        Assert.Contains("--idle-timeout <duration>", help);
        Assert.Contains("Close an idle connection (up to 24h; 0 or off: never). [default: 30s]", help);
    }

    [Fact]
    public void AWrongValueIsAParseErrorNamingTheNameTyped()
    {
        var measured = Measured();
        var old = measured.HiddenOldName("--seconds");
        var root = new RootCommand { measured, old };

        Assert.Equal("--seconds: '5' has no unit; write 5s (or 5ms, 5m)", Assert.Single(root.Parse(["--seconds", "5"]).Errors).Message);
        Assert.Equal("--duration: 20m is out of range; use 1s to 10m", Assert.Single(root.Parse(["--duration", "20m"]).Errors).Message);
    }

    [Fact]
    public void TheOldNameIsReadAsTheSameValueButIsNotInHelpAndNotBesideTheNewOne()
    {
        var measured = Measured();
        var old = measured.HiddenOldName("--seconds");
        var root = new RootCommand { measured, old };

        Assert.Equal(TimeSpan.FromSeconds(3), measured.ValueIn(root.Parse(["--seconds", "3s"])));
        Assert.Equal(TimeSpan.FromSeconds(4), measured.ValueIn(root.Parse(["--duration", "4s"])));
        Assert.Equal(TimeSpan.FromSeconds(5), measured.ValueIn(root.Parse([])));
        Assert.DoesNotContain("--seconds", HelpOf(root));
        Assert.Equal("--duration and --seconds are one option (--seconds is its old name); give --duration once",
            Assert.Throws<UsageException>(() => measured.ValueIn(root.Parse(["--duration", "4s", "--seconds", "3s"]))).Message);
    }

    private static DurationOption Measured() =>
        new("--duration", "Measured time.", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)) { DefaultValueFactory = _ => "5s" };

    private static string HelpOf(RootCommand root)
    {
        var output = new StringWriter();
        root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString();
    }
}
