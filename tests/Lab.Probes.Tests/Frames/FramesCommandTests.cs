using System.Diagnostics;
using System.Text.Json;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Frames;

/// <summary><c>probe frames</c> through its CLI: the JSON carries lost, late and reordered, and bad
/// values for the echo options are one line and exit code 2.</summary>
public class FramesCommandTests
{
    [Fact]
    public async Task JsonCarriesLostLateAndReorderedAsCounted()
    {
        await using var server = new PacketEchoServer(FrameLoadTests.DropOneInHundredSwapFiftieth);
        var clock = Stopwatch.StartNew();
        var run = await CliRun.RunAsync("Probes", "frames", "--target", server.EndPoint.ToString(), "--mode", "echo",
            "--connections", "2", "--duration", "2s", "--warmup", "0", "--depth", "4", "--frame-deadline", "5s", "--json");
        FrameLoadTests.AssertOnTime(clock, 2, FrameLoadTests.Generous);

        Assert.Equal(1, run.ExitCode); // the run happened and counted errors
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(server.Dropped > 0);
        Assert.Equal(server.Dropped, json.GetProperty("lost").GetInt64());
        Assert.InRange(json.GetProperty("reordered").GetInt64(), 1, server.Swapped);
        Assert.Equal(0, json.GetProperty("late").GetInt64());
        var errors = json.GetProperty("errors");
        Assert.False(errors.TryGetProperty("corrupted", out _), errors.ToString());
        Assert.Equal(server.Dropped, errors.GetProperty("lost").GetInt64());
        Assert.True(json.GetProperty("operations").GetInt64() > 0);
    }

    [Theory]
    [InlineData("--depth", "0")]
    [InlineData("--depth", "65")]
    [InlineData("--depth", "four")]
    [InlineData("--frame-deadline", "soon")]
    [InlineData("--frame-deadline", "off")]
    [InlineData("--frame-deadline", "0")]
    [InlineData("--frame-deadline", "5ms")]
    [InlineData("--frame-deadline", "2m")]
    public async Task BadEchoOptionIsOneLineAndExitCode2(string option, string value)
    {
        (await CliRun.RunAsync("Probes", "frames", "--target", "127.0.0.1:1", option, value)).AssertUsageError(option);
    }
}
