using System.Text.Json;
using System.Text.RegularExpressions;
using Lab.Common.Text;
using Lab.Logs.Analysis;
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
        foreach (var output in new[] { text.Stdout, text.Stderr, json.Stdout, json.Stderr })
            AssertNoControlCharacter(output); // redirected, Spectre writes no colour codes of its own: any would be the log's
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

    [Fact]
    public async Task ControlCharactersInALogsValuesReachNoOutputRaw()
    {
        // Valid JSON, so each line is read, not skipped: its values must be escaped on the way out.
        var dir = CopyRun();
        var clef = Path.Combine(dir, "gateway.clef");
        var damaged = File.ReadAllText(clef)
            .Replace("\"headAscii\":\"GET /anything HT\"", "\"headAscii\":\"\\u001b[31mEVIL\\u0007\\u009b2J\\u007f\\u0000\"", StringComparison.Ordinal)
            .Replace("\"peer\":\"127.0.0.2:", "\"peer\":\"127.0.0.2\\u001b]0;pwned\\u0007:", StringComparison.Ordinal)
            .Replace("\"reason\":\"peer_closed\"", "\"reason\":\"peer\\u001b[2J\\u0085closed\"", StringComparison.Ordinal)
            .Replace("\"closeKind\":\"fin\"", "\"closeKind\":\"f\\u009b6nin\"", StringComparison.Ordinal)
            .Replace("\"headLengthHex\":\"0x47455420\"", "\"headLengthHex\":\"0x4745\\u001b[0m5420\"", StringComparison.Ordinal);
        // Bytes that are not UTF-8 (read as U+FFFD), and raw control bytes in ports.log, which is not JSON.
        var bytes = System.Text.Encoding.UTF8.GetBytes(damaged);
        File.WriteAllBytes(clef, Replace(bytes, "\"closedBy\":\"gateway\""u8, [.. "\"closedBy\":\"gate"u8, 0xFF, 0xC3, .. "way\""u8]));
        var ports = Path.Combine(dir, "ports.log");
        File.WriteAllText(ports, File.ReadAllText(ports).Replace("\thttp\t", "\thttp\u001b[5m\u0007\t", StringComparison.Ordinal));

        var text = await CliRun.RunAsync("Gateway", "analyze", dir);
        var wide = await CliRun.RunAsync("Gateway", "analyze", dir, "--wide", "--http");
        var json = await CliRun.RunAsync("Gateway", "analyze", dir, "--json");

        Assert.Equal((0, 0, 0), (text.ExitCode, wide.ExitCode, json.ExitCode));
        foreach (var output in new[] { text.Stdout, text.Stderr, wide.Stdout, wide.Stderr, json.Stdout, json.Stderr })
            AssertNoControlCharacter(output);
        // Shown escaped, not dropped: in the sections (table cells may fold) and in the JSON, as a peer's bytes are.
        Assert.Contains("127.0.0.1 \"\\x1B[31mEVIL\\x07\\x9B2J\\x7F\\0\": #Port<0.", text.Stdout); // the burst's head
        Assert.Contains("reasons: head_error ×5, peer\\x1B[2J\\x85closed ×2", text.Stdout);
        Assert.Contains("1195725856 (0x4745\\x1B[0m5420) ×4", text.Stdout);
        Assert.Contains(": #Port<0.9> http\\x1B[5m\\x07 127.0.0.1:", text.Stdout); // the gap's journal entry, from ports.log
        using var doc = JsonDocument.Parse(json.Stdout);
        var r = doc.RootElement;
        Assert.Equal(0, r.GetProperty("summary").GetProperty("problemLines").GetInt32());
        var connections = r.GetProperty("connections").EnumerateArray().ToList();
        string?[] Values(string field) => connections.Select(c => c.GetProperty(field).GetString()).ToArray();
        Assert.Equal(4, Values("headAscii").Count(h => h == "\\x1B[31mEVIL\\x07\\x9B2J\\x7F\\0"));
        Assert.Equal(["127.0.0.2\\x1B]0;pwned\\x07"], Values("clientIp").Where(ip => ip!.StartsWith("127.0.0.2", StringComparison.Ordinal)));
        Assert.Equal(5, Values("closedBy").Count(b => b == "gate\\uFFFD\\uFFFDway"));
        Assert.All(Values("closeKind"), k => Assert.Equal("f\\x9B6nin", k));
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>No C0 control but the newline, no DEL, no C1 (U+0080–U+009F, 0x9B being CSI): nothing a
    /// terminal acts on.</summary>
    private static void AssertNoControlCharacter(string output)
    {
        var at = output.Replace('\n', ' ').AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (at < 0)
            at = output.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        Assert.True(at < 0, at < 0 ? "" : $"U+{(int)output[at]:X4} at {at}: …{PeerText.Escape(output[Math.Max(0, at - 40)..Math.Min(output.Length, at + 40)])}…");
    }

    private static byte[] Replace(byte[] bytes, ReadOnlySpan<byte> what, ReadOnlySpan<byte> with)
    {
        var result = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length;)
        {
            if (bytes.AsSpan(i).StartsWith(what))
            {
                result.AddRange(with);
                i += what.Length;
            }
            else
            {
                result.Add(bytes[i++]);
            }
        }
        return [.. result];
    }

    private string CopyRun()
    {
        var dir = Directory.CreateTempSubdirectory("lab-damaged-").FullName;
        foreach (var file in Directory.GetFiles(run.Dir))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }
}
