using System.Text.Json;
using Lab.Logs;
using Lab.Gateway.Hosting;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Traffic;

/// <summary>
/// The lab's own traffic never reads as a client's behaviour: each probe run against a gateway, then the gateway's
/// logs analysed. Every probe's reachability check connects from the lab's own source address and is named as such;
/// no connection is left a "silent" preconnect — the signature the lab looks for in browsers.
/// </summary>
public class ProbeTrafficTests
{
    [Fact]
    public async Task AnalyzeAttributesEveryConnectionOfEveryProbeToTheProbe()
    {
        var logs = Path.Combine(Path.GetTempPath(), "lab-tests", $"probe-traffic-{Guid.NewGuid().ToString("N")[..6]}");
        await using (var gateway = await GatewayHost.StartAsync(new GatewayOptions { FramesPort = 0, HttpPort = 0, LogsDirectory = logs }))
        {
            var frames = gateway.FramesEndPoint.ToString();
            var http = $"http://{gateway.HttpEndPoint}";
            foreach (var args in new[]
                     {
                         new[] { "frames", "--target", frames, "--mode", "echo", "--connections", "2", "--duration", "1s", "--warmup", "0" },
                         ["frames", "--target", frames, "--mode", "reject", "--connections", "2", "--duration", "1s", "--warmup", "0"],
                         ["http", "--url", $"{http}/x", "-n", "20", "-c", "2"],
                         ["pipeline", "--url", $"{http}/p", "--depth", "4"],
                     })
            {
                var run = await CliRun.RunAsync("Probes", args);
                Assert.True(run.ExitCode == 0, $"probe {string.Join(' ', args)}: {run.Stderr}");
            }
        }

        var analyze = await CliRun.RunAsync("Gateway", "analyze", logs, "--json");
        Assert.Equal(0, analyze.ExitCode);
        using var doc = JsonDocument.Parse(analyze.Stdout);
        var summary = doc.RootElement.GetProperty("summary");
        // Seen failing once in a parallel run of every test assembly, its message lost: these say what was there.
        Assert.True(summary.GetProperty("silent").GetInt32() == 0, $"silent: {doc.RootElement.GetProperty("silent")}; run directory {logs}");
        Assert.Empty(doc.RootElement.GetProperty("silent").EnumerateArray());
        Assert.True(summary.GetProperty("reachabilityChecks").GetInt32() == 4, $"{summary}; run directory {logs}"); // one check per probe run
        // Every frame connection is the load's (it sent bytes) or a check from the lab's own address.
        Assert.All(doc.RootElement.GetProperty("connections").EnumerateArray(), c =>
            Assert.True(c.GetProperty("bytesIn").GetInt64() > 0 || c.GetProperty("clientIp").GetString() == LogContract.ReachabilityCheckSource, c.ToString()));
        var text = await CliRun.RunAsync("Gateway", "analyze", logs);
        Assert.Contains($"silent (no byte received: a preconnected socket never used): none", text.Stdout);
        Assert.Contains("lab reachability checks: ", text.Stdout);
    }
}
