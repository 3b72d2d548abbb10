using System.Text.Json;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Frames;

/// <summary>Ctrl+C during <c>probe frames</c> (issue 25 §2): the window ends at the signal, frames in flight are
/// waited for, the result is printed marked interrupted, and the exit is 130.</summary>
public class FramesInterruptTests
{
    [Fact]
    public async Task SigintEndsTheWindowAndPrintsWhatWasEchoed()
    {
        await using var server = new PacketEchoServer((_, _) => PacketEchoServer.Act.Echo);
        const int connections = 2, depth = 4;
        var (run, signalToExit) = await InterruptedCliRun.RunAsync("Probes",
            stderr => stderr.Contains("warm-up over"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30),
            "frames", "--target", server.EndPoint.ToString(), "--mode", "echo", "--connections", $"{connections}",
            "--duration", "1m", "--warmup", "0", "--depth", $"{depth}", "--json");

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.InRange(signalToExit, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("   at ", run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(json.GetProperty("interrupted").GetBoolean());
        Assert.InRange(json.GetProperty("seconds").GetDouble(), 0.9, 15);
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        // The server's own count: every frame it received was echoed and counted, but for those in flight
        // when the window ended.
        var echoed = json.GetProperty("operations").GetInt64();
        Assert.True(echoed > 0);
        Assert.InRange(server.Received - echoed, 0, connections * depth);
    }
}
