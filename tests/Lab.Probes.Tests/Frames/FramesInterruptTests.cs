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
        var (run, signalToExit) = await InterruptedCliRun.RunAsync("Probes",
            stderr => stderr.Contains("warm-up over"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30),
            "frames", "--target", server.EndPoint.ToString(), "--mode", "echo", "--connections", "2",
            "--duration", "1m", "--warmup", "0", "--depth", "4", "--frame-deadline", "5s", "--json");

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}; stderr:\n{run.Stderr}");
        Assert.InRange(signalToExit, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("   at ", run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(json.GetProperty("interrupted").GetBoolean());
        Assert.InRange(json.GetProperty("seconds").GetDouble(), 0.9, 15);
        // The frames in flight at the signal are waited for (5 s each: under load a 1 s deadline once counted all 8 lost).
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        // The server's own count bounds the window's: it received every frame the window counted echoed. (Not the
        // other way: frames echoed before the window opened, which on a busy machine lags the start by more than
        // the frames in flight, are not counted — a fresh clone's run saw 15 against 8 in flight.)
        var echoed = json.GetProperty("operations").GetInt64();
        Assert.InRange(echoed, 1, server.Received);
    }
}
