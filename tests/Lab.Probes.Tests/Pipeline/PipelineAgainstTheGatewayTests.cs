using System.Text.Json;
using Lab.Gateway.Connections;
using Lab.Gateway.Hosting;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Pipeline;

/// <summary>
/// <c>probe pipeline</c> pointed at the gateway's frame port, the lab's central scenario: with <c>fin</c> the
/// gateway closes on "GET " (HttpClient's sequential run fails), with <c>http400</c> it answers once and closes
/// (no pipelined response comes back). Either way: no stack trace, exit 1, and no time or speedup — NO DATA.
/// </summary>
public class PipelineAgainstTheGatewayTests
{
    [Theory]
    [InlineData(RejectPolicy.Fin)]
    [InlineData(RejectPolicy.Http400)]
    public async Task AGatewayThatRejectsHttpGivesNoSpeedupAndNoStackTrace(RejectPolicy policy)
    {
        var logs = Path.Combine(Path.GetTempPath(), "lab-tests", $"pipeline-{policy}-{Guid.NewGuid().ToString("N")[..6]}");
        await using var gateway = await GatewayHost.StartAsync(new GatewayOptions { FramesPort = 0, HttpPort = null, LogsDirectory = logs, Policy = policy });
        var url = $"http://{gateway.FramesEndPoint}/p";

        var text = await CliRun.RunAsync("Probes", "pipeline", "--url", url, "--depth", "4");
        var json = await CliRun.RunAsync("Probes", "pipeline", "--url", url, "--depth", "4", "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.DoesNotContain("   at ", text.Stdout + text.Stderr);
        Assert.Contains("NO DATA", text.Stdout);
        Assert.DoesNotContain("speedup ×", text.Stdout);
        Assert.Equal(1, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("speedup").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("pipelinedMs").ValueKind);
        Assert.True(doc.RootElement.GetProperty("responses").GetInt32() < 4);
    }
}
