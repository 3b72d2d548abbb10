using Lab.TestSupport;

namespace Lab.Probes.Tests.Http;

/// <summary>Bad input to the probes is one line on stderr and exit code 2, before any traffic; the line
/// names the mistake in the words the user typed.</summary>
public class ProbeCliTests
{
    [Theory]
    [InlineData("--url: 'not a url' is not an http:// URL", "http", "--url", "not a url")]
    [InlineData("--url", "http", "--url", "ftp://127.0.0.1/")]
    [InlineData("--url", "http", "--url", "http://10.1.2.3:80/")]
    [InlineData("--url", "http", "--url", "http://127.0.0.1:1/")]
    [InlineData("--requests", "http", "--url", "http://127.0.0.1:1/", "--requests", "0")]
    [InlineData("--requests", "http", "--url", "http://127.0.0.1:1/", "--requests", "-5")]
    [InlineData("--concurrency", "http", "--url", "http://127.0.0.1:1/", "--concurrency", "0")]
    [InlineData("--mode: 'fast' is not one of short, keepalive, both", "http", "--url", "http://127.0.0.1:1/", "--mode", "fast")]
    [InlineData("--url", "http")]
    [InlineData("--url", "pipeline", "--url", "http://127.0.0.1:1/")]
    [InlineData("--depth", "pipeline", "--url", "http://127.0.0.1:1/", "--depth", "0")]
    [InlineData("--target: '127.0.0.1' is not HOST:PORT", "frames", "--target", "127.0.0.1")]
    [InlineData("--target: 10.0.0.1:20001 is not on this machine", "frames", "--target", "10.0.0.1:20001")]
    [InlineData("--target", "frames", "--target", "127.0.0.1:1")]
    [InlineData("--mode: 'flood' is not one of echo, reject, hold", "frames", "--target", "127.0.0.1:1", "--mode", "flood")]
    [InlineData("--connections", "frames", "--target", "127.0.0.1:1", "--connections", "0")]
    [InlineData("--seconds: off is not allowed here; give a duration, 1s to 10m", "frames", "--target", "127.0.0.1:1", "--seconds", "off")]
    [InlineData("--duration: off is not allowed here; give a duration, 1s to 10m", "frames", "--target", "127.0.0.1:1", "--duration", "off")]
    [InlineData("--duration: 0 is out of range; use 1s to 10m", "frames", "--target", "127.0.0.1:1", "--duration", "0")]
    [InlineData("--duration and --seconds are one option", "frames", "--target", "127.0.0.1:1", "--duration", "2s", "--seconds", "2s")]
    [InlineData("--size", "frames", "--target", "127.0.0.1:1", "--size", "4", "--mode", "echo")]
    [InlineData("--packet", "frames", "--target", "127.0.0.1:1", "--packet", "3")]
    [InlineData("--port", "census", "--port", "0")]
    [InlineData("--syn-alert", "census", "--syn-alert", "lots")]
    [InlineData("--watch: 'soon' is not a duration", "census", "--watch", "soon")]
    // The reproductions: a misspelt command, a word for a number, a bare number for a duration.
    [InlineData("error: unrecognized command 'htp'; the commands are http, pipeline, limits, census, ports, backlog, keepalive, frames, handshake (see --help)", "htp")]
    [InlineData("error: --port: 'http' is not a whole number (see --help)", "census", "--port", "http")]
    [InlineData("error: --seconds: '5' has no unit; write 5s (or 5ms, 5m) (see --help)", "frames", "--target", "127.0.0.1:1", "--seconds", "5")]
    [InlineData("error: --duration: '5' has no unit; write 5s (or 5ms, 5m) (see --help)", "backlog", "--duration", "5")]
    [InlineData("error: a command is required: http, pipeline, limits, census, ports, backlog, keepalive, frames, handshake (see --help)")]
    [InlineData("error: unrecognized option '--bogus' (see --help)", "census", "--bogus")]
    [InlineData("error: -c: 'many' is not a whole number (see --help)", "frames", "--target", "127.0.0.1:1", "-c", "many")]
    [InlineData("error: --os: 'mac' is not one of windows, linux (see --help)", "limits", "plan", "--os", "mac")]
    public async Task BadInputIsOneLineAndExitCode2(string mentions, params string[] args)
    {
        (await CliRun.RunAsync("Probes", args)).AssertUsageError(mentions);
    }

    [Theory]
    [InlineData("frames")]
    [InlineData("backlog")]
    public async Task SecondsIsDurationsOldNameStillTakenButNotInHelp(string probe)
    {
        var help = await CliRun.RunAsync("Probes", probe, "--help");
        Assert.Contains("--duration <duration>", help.Stdout);
        Assert.DoesNotContain("--seconds", help.Stdout);

        // Accepted and checked like --duration: the run gets as far as its unreachable target.
        (await CliRun.RunAsync("Probes", probe, "--target", "127.0.0.1:1", "--seconds", "3s")).AssertUsageError("--target: 127.0.0.1:1 is not reachable");
    }
}
