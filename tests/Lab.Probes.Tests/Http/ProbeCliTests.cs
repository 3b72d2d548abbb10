using Lab.TestSupport;

namespace Lab.Probes.Tests.Http;

/// <summary>Bad input to the probes is one line on stderr and exit code 2, before any traffic.</summary>
public class ProbeCliTests
{
    [Theory]
    [InlineData("http", "--url", "not a url")]
    [InlineData("http", "--url", "ftp://127.0.0.1/")]
    [InlineData("http", "--url", "http://10.1.2.3:80/")]
    [InlineData("http", "--url", "http://127.0.0.1:1/")]
    [InlineData("http", "--url", "http://127.0.0.1:1/", "--requests", "0")]
    [InlineData("http", "--url", "http://127.0.0.1:1/", "--requests", "-5")]
    [InlineData("http", "--url", "http://127.0.0.1:1/", "--concurrency", "0")]
    [InlineData("http", "--url", "http://127.0.0.1:1/", "--mode", "fast")]
    [InlineData("http")]
    [InlineData("pipeline", "--url", "http://127.0.0.1:1/")]
    [InlineData("pipeline", "--url", "http://127.0.0.1:1/", "--depth", "0")]
    [InlineData("frames", "--target", "127.0.0.1")]
    [InlineData("frames", "--target", "10.0.0.1:20001")]
    [InlineData("frames", "--target", "127.0.0.1:1")]
    [InlineData("frames", "--target", "127.0.0.1:1", "--mode", "flood")]
    [InlineData("frames", "--target", "127.0.0.1:1", "--connections", "0")]
    [InlineData("frames", "--target", "127.0.0.1:1", "--seconds", "off")]
    [InlineData("frames", "--target", "127.0.0.1:1", "--size", "4", "--mode", "echo")]
    [InlineData("frames", "--target", "127.0.0.1:1", "--packet", "3")]
    [InlineData("census", "--port", "0")]
    [InlineData("census", "--syn-alert", "lots")]
    [InlineData("census", "--watch", "soon")]
    public async Task BadInputIsOneLineAndExitCode2(params string[] args)
    {
        (await CliRun.RunAsync("Probes", args)).AssertUsageError();
    }
}
