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
        var dir = CopyRun();
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

    [Fact]
    public async Task PortIdsAtTheEndsOfTheRangeAreDamagedLinesOrOneBoundedGapAndAnalyzeFinishes()
    {
        var dir = CopyRun();
        var clef = Path.Combine(dir, "gateway.clef");
        var init = File.ReadLines(clef).First(l => l.Contains("\"init_ok\""));
        var lastFrames = File.ReadLines(clef).Where(l => l.Contains("\"init_ok\"") && l.Contains("\"listener\":\"frames\""))
            .Max(l => long.Parse(Regex.Match(l, "\"portId\":(\\d+)").Groups[1].Value));
        string WithId(string id) => Regex.Replace(init, "\"portId\":\\d+", $"\"portId\":{id}");
        File.AppendAllLines(clef,
        [
            WithId("-9223372036854775807"), // made analyze --json run until killed (7.5 GB resident): no socket's id
            WithId($"{long.MinValue}"),
            WithId("9223372036854775808"), // one past long.MaxValue
            WithId($"{long.MaxValue}"), // a possible id: the gap before it is one range
        ]);

        // Each run is bounded: a hang fails here, at 30 s, instead of holding the test run.
        var text = await CliRun.RunAsync("Gateway", TimeSpan.FromSeconds(30), "analyze", dir);
        var json = await CliRun.RunAsync("Gateway", TimeSpan.FromSeconds(30), "analyze", dir, "--json");

        Assert.Equal((0, 0), (text.ExitCode, json.ExitCode));
        Assert.DoesNotContain("   at ", text.Stderr + json.Stderr);
        Assert.Contains("note: 3 unreadable line(s) skipped", text.Stdout);
        Assert.True(text.Stdout.Length < 20_000, $"analyze printed {text.Stdout.Length} characters");
        using var doc = JsonDocument.Parse(json.Stdout);
        var r = doc.RootElement;
        Assert.Equal(3, r.GetProperty("summary").GetProperty("problemLines").GetInt32());
        Assert.Equal(8, r.GetProperty("summary").GetProperty("connections").GetInt32()); // the run's 7 and long.MaxValue
        Assert.DoesNotContain(r.GetProperty("connections").EnumerateArray(), c => c.GetProperty("portId").GetInt64() < 0);
        var last = r.GetProperty("gaps").EnumerateArray().Last();
        Assert.Equal((lastFrames, long.MaxValue), (last.GetProperty("from").GetInt64(), last.GetProperty("to").GetInt64()));
        Assert.Equal((ulong)(long.MaxValue - lastFrames - 1), last.GetProperty("missing").GetUInt64());
        Assert.InRange(last.GetProperty("takenBy").GetArrayLength(), 1, PortIdGap.MaxEntries + 1);
        Directory.Delete(dir, recursive: true);
    }

    private string CopyRun()
    {
        var dir = Directory.CreateTempSubdirectory("lab-damaged-").FullName;
        foreach (var file in Directory.GetFiles(run.Dir))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }
}
