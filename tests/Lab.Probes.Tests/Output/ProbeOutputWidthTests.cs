using Lab.Gateway.Hosting;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Output;

/// <summary>Every probe's text in a pipe (issue 25 §4): tables up to 120 columns, prose folded at 100.</summary>
[Collection(Lab.Probes.Tests.KeepAlive.KeepAliveRuns.Name)] // it runs probe keepalive too
public class ProbeOutputWidthTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task EveryProbesTextFitsItsColumns()
    {
        var logs = Path.Combine(Path.GetTempPath(), "lab-tests", $"probe-width-{Guid.NewGuid().ToString("N")[..6]}");
        var problems = new List<string>();
        var verbs = 0;
        await using (var gateway = await GatewayHost.StartAsync(new GatewayOptions { FramesPort = 0, HttpPort = 0, LogsDirectory = logs }))
        {
            var frames = gateway.FramesEndPoint.ToString();
            var http = $"http://{gateway.HttpEndPoint}";
            foreach (var args in new[]
                     {
                         new[] { "limits" },
                         ["limits", "plan", "--os", "linux"],
                         ["limits", "plan", "--os", "windows"],
                         ["census"],
                         ["backlog", "--duration", "2s"],
                         ["ports"],
                         ["handshake", "--urgent"],
                         ["keepalive"],
                         ["frames", "--target", frames, "--mode", "echo", "--connections", "2", "--duration", "1s", "--warmup", "0"],
                         ["http", "--url", $"{http}/x", "-n", "20", "-c", "2"],
                         ["pipeline", "--url", $"{http}/p", "--depth", "4"],
                     })
            {
                var run = await CliRun.RunAsync("Probes", args);
                Assert.True(run.ExitCode == 0, $"probe {string.Join(' ', args)}: {run.Stderr}");
                Assert.NotEmpty(run.Stdout);
                verbs++;
                problems.AddRange(OutputWidth.Problems(run.Stdout, string.Join(' ', args)));
            }
        }
        foreach (var p in problems)
            output.WriteLine(p);
        Assert.Equal(11, verbs);
        Assert.Empty(problems);
    }
}
