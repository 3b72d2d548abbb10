using System.Net;
using System.Text.RegularExpressions;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Lab.TestSupport;

namespace Lab.Gateway.Tests.Analysis;

/// <summary>An IPv6 client is printed by analyze as <c>gateway conn</c> takes it back: <c>[::1]:port</c>.</summary>
public class Ipv6ClientTests
{
    [Fact]
    public async Task AnalyzePrintsAnIpv6ClientInBracketsAndConnFindsItByThatText()
    {
        var logs = TestGateway.ArtifactDirectory("ipv6-client");
        int clientPort;
        using (var gateway = GatewayProcess.Start("serve", "--bind", "::1", "--frames-port", "0", "--http-port", "off", "--logs", logs))
        {
            var port = await gateway.WaitForFramesPortAsync();
            using (var client = await RawClient.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, port)))
            {
                clientPort = client.LocalPort;
                await client.SendAsync(BadHeads.BogusGet);
                await client.ReadToEndAsync();
            }
            gateway.Signal(GatewayProcess.SigTerm);
            Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        }

        var analyze = await CliRun.RunAsync("Gateway", "analyze", logs, "--wide");
        Assert.Equal(0, analyze.ExitCode);
        Assert.Contains($"[::1]:{clientPort}", analyze.Stdout);
        Assert.DoesNotMatch(new Regex($@"(?<!\[)::1:{clientPort}"), analyze.Stdout);

        var conn = await CliRun.RunAsync("Gateway", "conn", logs, $"[::1]:{clientPort}");
        Assert.Equal(0, conn.ExitCode);
        Assert.Contains("head_error", conn.Stdout);
    }
}
