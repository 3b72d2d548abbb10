using System.Text.Json;
using System.Text.RegularExpressions;
using Lab.Gateway.Analysis;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>analyze on a real run directory damaged the ways a disk, an editor or a truncated copy damage
/// one: every bad line is counted and quoted escaped, gaps are listed within bounds, and nothing crashes.</summary>
public class DamagedRunTests(AnalyzeRunFixture run) : IClassFixture<AnalyzeRunFixture>
{
    [Fact]
    public async Task BadLinesAreCountedAndEscapedHugeIdsAreOneRangeAndNothingCrashes()
    {
        var dir = Directory.CreateTempSubdirectory("lab-damaged-").FullName;
        foreach (var file in Directory.GetFiles(run.Dir))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var clef = Path.Combine(dir, "gateway.clef");
        var init = File.ReadLines(clef).First(l => l.Contains("\"init_ok\""));
        File.AppendAllLines(clef,
        [
            // A null time: was ArgumentNullException, exit 134 with a stack trace.
            Regex.Replace(init, "\"@t\":\"[^\"]+\"", "\"@t\":null"),
            // A head that is not hex: was FormatException in the analysis.
            File.ReadLines(clef).First(l => l.Contains("\"head_error\"")).Replace("\"headHex\":\"", "\"headHex\":\"ZZ", StringComparison.Ordinal),
            // A terminal escape in a damaged line: must reach no terminal raw.
            "{\"@t\":\u001b[31mgarbage\u0007",
            // A huge port id: the gap before it is one range, not every missing id.
            Regex.Replace(init, "\"portId\":\\d+", "\"portId\":9223372036854775000"),
        ]);

        var text = await CliRun.RunAsync("Gateway", "analyze", dir);
        var json = await CliRun.RunAsync("Gateway", "analyze", dir, "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Equal(0, json.ExitCode);
        Assert.DoesNotContain("   at ", text.Stderr + json.Stderr);
        Assert.Contains("note: 3 unreadable line(s) skipped", text.Stdout);
        foreach (var output in new[] { text.Stdout.Replace("\u001b[", "", StringComparison.Ordinal), json.Stdout })
            Assert.DoesNotContain('\u0007', output); // Spectre's own colour codes aside, no byte of the damaged line comes through raw
        Assert.DoesNotContain("\u001b[31m", text.Stdout);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("summary").GetProperty("problemLines").GetInt32());

        var analysis = RunAnalyzer.Analyze(GatewayRun.Read(dir), AnalyzeRunFixture.Window);
        var huge = analysis.Gaps.Single(g => g.To == 9223372036854775000);
        Assert.InRange(huge.TakenBy.Count, 1, PortIdGap.MaxEntries + 1);
        Assert.Contains(huge.TakenBy, t => Regex.IsMatch(t, @"^#Port<0\.\d+>…#Port<0\.9223372036854774999> \(\d+ ids\) \(no journal entry\)$"));
        Assert.True(text.Stdout.Length < 20_000, $"analyze printed {text.Stdout.Length} characters");
        Directory.Delete(dir, recursive: true);
    }
}
