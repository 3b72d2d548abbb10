using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lab.TestSupport;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>The BrowserLab CLI end to end, as a user runs it: <c>run --json --screenshots</c> against a running gateway
/// (its own policy, rst, in the report), a list schedule with a page per navigation, the timeline's views saved; <c>matrix</c> once
/// with the rst and hold policies.</summary>
public class CliEndToEndTests
{
    [Fact]
    public async Task RunAgainstARunningGatewayWithAListScheduleIsOneJsonObject()
    {
        var logs = Path.Combine(Path.GetTempPath(), "lab-tests", $"cli-e2e-gateway-{Guid.NewGuid().ToString("N")[..6]}");
        var out_ = Path.Combine(Path.GetTempPath(), "lab-tests", $"cli-e2e-run-{Guid.NewGuid().ToString("N")[..6]}");
        using var gateway = Process.Start(CliRun.StartInfo("Gateway", ["serve", "--frames-port", "0", "--http-port", "off", "--policy", "rst", "--logs", logs]))!;
        try
        {
            var listening = await gateway.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var frames = Regex.Match(listening!, @"frames=(\S+)").Groups[1].Value;

            var result = await CliRun.RunAsync("BrowserLab", "run", "--gateway", frames, "--gateway-logs", logs, "--schedule", "1,2", "--pause", "0",
                "--new-page-per-navigation", "--json", "--screenshots", "--out", out_);

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Stdout); // the whole of stdout is report.json's object
            var r = doc.RootElement;
            Assert.Equal("rst", r.GetProperty("policy").GetString()); // the running gateway's policy, read from its head_error lines
            Assert.Equal(frames, r.GetProperty("gateway").GetString());
            Assert.Equal("1,2", r.GetProperty("schedule").GetString());
            Assert.Equal([1, 2, 2], r.GetProperty("navigations").EnumerateArray().Select(n => n.GetProperty("step").GetInt32()));
            Assert.Equal(2, r.GetProperty("steps").GetArrayLength());
            var connections = r.GetProperty("connections").EnumerateArray().Where(c => c.GetProperty("portId").ValueKind == JsonValueKind.Number).ToList();
            Assert.NotEmpty(connections);
            Assert.All(connections.Where(c => c.GetProperty("headLength").ValueKind == JsonValueKind.Number),
                c => Assert.Equal("rst", c.GetProperty("closeKind").GetString()));
            Assert.Contains(r.GetProperty("navigations").EnumerateArray(), n => n.GetProperty("error").GetString() == "ERR_CONNECTION_RESET");
            ReportShape.Validate(Path.Combine(out_, "report.json"));
            Assert.Equal(r.GetRawText(), JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, "report.json"))).RootElement.GetRawText());
            // --screenshots: the timeline's three views as PNGs beside the report (their header read here), stdout still only JSON.
            foreach (var view in new[] { "whole-run.png", "nav-1.png", "burst-1-1.png" })
            {
                var png = File.ReadAllBytes(Path.Combine(out_, "report-views", view));
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
                Assert.True(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)) >= 1000, $"{view} is narrower than the page's timeline");
            }
        }
        finally
        {
            gateway.Kill();
            await gateway.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task MatrixOnceWithRstAndHoldGivesOneRowPerPolicy()
    {
        var out_ = Path.Combine(Path.GetTempPath(), "lab-tests", $"cli-e2e-matrix-{Guid.NewGuid().ToString("N")[..6]}");
        // hold waits out the gateway's idle timeout: 2 s keeps the run short.
        var result = await CliRun.RunAsync("BrowserLab", "matrix", "--policies", "rst,hold", "--trials", "1", "--schedule", "once", "--pause", "0",
            "--idle-timeout", "2s", "--json", "--out", out_);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var rows = doc.RootElement.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["rst", "hold"], rows.Select(p => p.GetProperty("policy").GetString()));
        Assert.All(rows, p => Assert.Equal(1, p.GetProperty("trials").GetInt32()));
        Assert.Contains("ERR_CONNECTION_RESET", rows[0].GetProperty("browserErrors").EnumerateArray().Select(e => e.GetString()));
        foreach (var report in rows.SelectMany(p => p.GetProperty("reports").EnumerateArray()).Select(e => e.GetString()!))
            ReportShape.Validate(report.EndsWith(".json", StringComparison.Ordinal) ? report : Path.Combine(report, "report.json"));
        Assert.Contains("![policy matrix](matrix.png)", File.ReadAllText(Path.Combine(out_, "matrix.md")));
        Assert.True(new FileInfo(Path.Combine(out_, "matrix.png")).Length > 5_000, "no matrix chart");
    }
}
