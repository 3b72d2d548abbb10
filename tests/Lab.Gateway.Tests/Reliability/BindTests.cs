using System.Diagnostics;
using Lab.Gateway.Tests.Support;

namespace Lab.Gateway.Tests.Reliability;

/// <summary>The gateway binds loopback unless told otherwise, and says so loudly when told otherwise.</summary>
public class BindTests
{
    [Fact]
    public async Task DefaultBindIsLoopback()
    {
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", "0", "--logs", TestGateway.ArtifactDirectory("bind-default"));
        Assert.Matches(@"^listening frames=127\.0\.0\.1:\d+ http=127\.0\.0\.1:\d+ ", await gateway.WaitForListeningAsync());
        Assert.DoesNotContain("warning", gateway.Stderr);
    }

    [Fact]
    public async Task NonLoopbackBindPrintsAWarning()
    {
        Assert.True(Environment.IsPrivilegedProcess, "the test binds 0.0.0.0 inside a private network namespace (root, as CI runs)");
        // In a fresh network namespace only lo exists: binding every address there reaches nothing outside.
        var info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--net", "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "serve", "--bind", "0.0.0.0",
                     "--frames-port", "0", "--http-port", "off", "--logs", TestGateway.ArtifactDirectory("bind-any") })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var line = await process.StandardOutput.ReadLineAsync();
        process.Kill();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Matches(@"^listening frames=0\.0\.0\.0:\d+ http=off ", line);
        Assert.Contains("warning: binding 0.0.0.0, not loopback", stderr);
    }

    /// <summary>The frame port has a server of its own and Kestrel's runs only for the HTTP endpoint: with that off, the
    /// gateway listens on the frame port and nothing else (Kestrel, started with no endpoint, would have bound its
    /// default localhost:5000), as <c>ss</c> lists the process's listening sockets.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheGatewayListensOnItsPortsOnly(bool http)
    {
        using var gateway = GatewayProcess.Start("serve", "--frames-port", "0", "--http-port", http ? "0" : "off",
            "--logs", TestGateway.ArtifactDirectory($"bind-ports-only-{http}"));
        var line = await gateway.WaitForListeningAsync();
        var ports = System.Text.RegularExpressions.Regex.Matches(line, @"(?:frames|http)=127\.0\.0\.1:(\d+)").Select(m => m.Groups[1].Value).Order().ToList();

        var ss = Process.Start(new ProcessStartInfo("ss", "-Hltnp") { RedirectStandardOutput = true })!;
        var listening = (await ss.StandardOutput.ReadToEndAsync()).Split('\n')
            .Where(l => l.Contains($"pid={gateway.Process.Id},", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3])
            .Order().ToList();
        await ss.WaitForExitAsync();

        Assert.Equal(http ? 2 : 1, ports.Count);
        Assert.Equal(ports.Select(p => $"127.0.0.1:{p}"), listening);
    }
}
