using System.Text.Json;
using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Fit;

/// <summary><c>BrowserLab fit</c> from outside: its JSON as the issue names it, a 120-column table, NO DATA with
/// exit 1, and a plain line for a directory that is not a run's.</summary>
public class FitCommandTests
{
    [Fact]
    public async Task JsonHasTheNamedFields()
    {
        var result = await CliRun.RunAsync("BrowserLab", "fit", NotesClockFitTests.FixtureRun(), "--json");

        Assert.Equal(0, result.ExitCode);
        var fit = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("11:03:34.564", fit.GetProperty("anchor").GetString());
        Assert.Equal(2, fit.GetProperty("tolerance").GetDouble());
        var hypotheses = fit.GetProperty("hypotheses").EnumerateArray().ToList();
        Assert.Equal(["visits/today", "visits/2014", "reloads/today", "reloads/2014", "network/today", "network/2014"],
            hypotheses.Select(h => $"{h.GetProperty("name").GetString()}/{h.GetProperty("table").GetString()}"));
        foreach (var h in hypotheses)
        {
            var lines = h.GetProperty("lines").EnumerateArray().ToList();
            Assert.Equal(9, lines.Count);
            foreach (var field in new[] { "notes", "notesTime", "predicted", "residualS", "explained", "by", "connection" })
                Assert.True(lines[0].TryGetProperty(field, out _), field);
            Assert.Equal(lines.Count(l => l.GetProperty("explained").GetBoolean()) - h.GetProperty("freeParameters").GetInt32(), h.GetProperty("score").GetInt32());
            foreach (var u in h.GetProperty("unrecorded").EnumerateArray())
                Assert.True(u.TryGetProperty("predicted", out _) && u.TryGetProperty("why", out _));
        }
        Assert.Equal("visits", fit.GetProperty("best").GetProperty("name").GetString());
        Assert.StartsWith("This run measured 4 reload(s)", fit.GetProperty("conclusion").GetString());
    }

    [Fact]
    public async Task TheTableFitsInAHundredAndTwentyColumns()
    {
        var result = await CliRun.RunAsync("BrowserLab", "fit", NotesClockFitTests.FixtureRun(), "--tolerance", "500ms");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("explained = |residual| ≤ 0.5 s", result.Stdout);
        Assert.Empty(OutputWidth.Problems(result.Stdout, "fit")); // the table within 120 columns, its prose within 100
        Assert.Contains("best: ", result.Stdout);
        // Every row's cells start in the same column as the header's hypotheses (a label that ran into its first
        // cell read "score9 − 2 = 7").
        var lines = result.Stdout.Split('\n');
        var column = lines.Single(l => l.StartsWith("notes line", StringComparison.Ordinal)).IndexOf("visits/", StringComparison.Ordinal);
        foreach (var label in new[] { "score: explained − free", "unrecorded (late)" })
        {
            var row = lines.Single(l => l.StartsWith(label, StringComparison.Ordinal));
            Assert.True(row[column - 1] == ' ' && row[column] != ' ', $"'{row}': its first cell does not start at column {column}");
        }
    }

    [Fact]
    public async Task ARunWithoutAReloadIsNoDataAndExitOne()
    {
        var dir = Directory.CreateTempSubdirectory("lab-fit-none-").FullName;
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(NotesClockFitTests.FixtureRun(), "report.json"))).RootElement;
        var navigationOnly = report.GetProperty("connections").EnumerateArray().Where(c => c.GetProperty("request").GetString() == "navigation").ToList();
        File.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(new { schedule = "once", watchAfterMs = 0, connections = navigationOnly }));

        var result = await CliRun.RunAsync("BrowserLab", "fit", dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NO DATA: this run has no error-page reload", result.Stdout);
    }

    [Fact]
    public async Task ADirectoryThatIsNotARunsIsOneLineAndExitTwo()
    {
        var result = await CliRun.RunAsync("BrowserLab", "fit", Directory.CreateTempSubdirectory("lab-fit-empty-").FullName);

        result.AssertUsageError("has no report.json: give a directory made by browser run");
    }

    [Fact]
    public async Task AToleranceThatIsNotADurationIsOneLineAndExitTwo()
    {
        var result = await CliRun.RunAsync("BrowserLab", "fit", NotesClockFitTests.FixtureRun(), "--tolerance", "wide");

        result.AssertUsageError("error: --tolerance: 'wide' is not a duration");
    }
}
