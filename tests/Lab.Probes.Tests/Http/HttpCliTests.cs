using System.Text.Json;
using Lab.Probes.Tests.Support;
using Lab.TestSupport;

namespace Lab.Probes.Tests.Http;

/// <summary><c>probe http</c> as ab, wrk and hey users call it (-n, -c, --duration, --out), run as a
/// process against the gateway's lab endpoint.</summary>
public class HttpCliTests(LabEndpointFixture endpoint) : IClassFixture<LabEndpointFixture>
{
    [Fact]
    public async Task ADurationOfOneSecondRunsAboutOneSecond()
    {
        var run = await CliRun.RunAsync("Probes", "http", "--url", endpoint.Url("/cli-duration").ToString(),
            "--mode", "keepalive", "--duration", "1s", "-c", "4", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("requests").ValueKind);
        var mode = json.RootElement.GetProperty("modes").GetProperty("keepalive");
        Assert.InRange(mode.GetProperty("seconds").GetDouble(), 0.95, 2.5);
        Assert.True(mode.GetProperty("requests").GetInt32() > 0);
        Assert.Equal(mode.GetProperty("requests").GetInt32(), mode.GetProperty("totalUs").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AbStyleNAndCGiveFiftyRequestsAtConcurrencyFive()
    {
        var run = await CliRun.RunAsync("Probes", "http", "--url", endpoint.Url("/cli-nc").ToString(), "-n", "50", "-c", "5", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(50, json.RootElement.GetProperty("requests").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("concurrency").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("durationSeconds").ValueKind);
        foreach (var mode in json.RootElement.GetProperty("modes").EnumerateObject())
        {
            Assert.Equal(50, mode.Value.GetProperty("requests").GetInt32());
            Assert.Equal(50, mode.Value.GetProperty("ok").GetInt32());
        }
        Assert.InRange(json.RootElement.GetProperty("modes").GetProperty("keepalive").GetProperty("connectionsOpened").GetInt32(), 1, 5);
    }

    [Fact]
    public async Task OutWritesOneRowPerRequestAndPerConnectionAndTheSummary()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lab-tests", $"{nameof(OutWritesOneRowPerRequestAndPerConnectionAndTheSummary)}-{Guid.NewGuid().ToString("N")[..6]}");
        var run = await CliRun.RunAsync("Probes", "http", "--url", endpoint.Url("/cli-out").ToString(), "-n", "120", "-c", "4", "--out", dir, "--json");

        Assert.True(run.ExitCode == 0, $"{run.Stderr} (files in {dir})");
        Assert.Equal(run.Stdout, await File.ReadAllTextAsync(Path.Combine(dir, "summary.json")));
        using var json = JsonDocument.Parse(run.Stdout);
        var requests = Csv(Path.Combine(dir, "requests.csv"), "mode,index,localPort,connectUs,firstByteUs,totalUs,status");
        var connections = Csv(Path.Combine(dir, "connections.csv"), "mode,localPort,openedAt,connectUs,requests,bytesSent,bytesReceived,end");
        foreach (var (name, mode) in json.RootElement.GetProperty("modes").EnumerateObject().Select(m => (m.Name, m.Value)))
        {
            var rows = requests.Where(r => r[0] == name).ToList();
            var conns = connections.Where(c => c[0] == name).ToList();
            Assert.Equal(mode.GetProperty("requests").GetInt32(), rows.Count);
            Assert.Equal(Enumerable.Range(1, 120), rows.Select(r => int.Parse(r[1])).Order());
            Assert.Equal(mode.GetProperty("connectionsOpened").GetInt32(), conns.Count);
            Assert.Equal(mode.GetProperty("distinctClientPorts").GetInt32(), conns.Select(c => c[1]).Distinct().Count());
            Assert.Equal(mode.GetProperty("connectUs").GetProperty("count").GetInt32(), rows.Count(r => r[3] != ""));
            Assert.Equal(conns.Count(c => c[4] != "0"), rows.Count(r => r[3] != ""));
            Assert.Equal(rows.Count, conns.Sum(c => int.Parse(c[4])));
            Assert.All(rows, r => Assert.True(long.Parse(r[4]) <= long.Parse(r[5]), string.Join(',', r)));
            Assert.All(rows, r => Assert.Equal("200", r[6]));
            Assert.All(conns, c => Assert.Contains(c[7], new[] { "server_closed_first", "client_closed_first" }));
        }
    }

    [Theory]
    [InlineData("--duration", "--duration", "1s", "-n", "50")]
    [InlineData("--duration", "--duration", "1s", "--requests", "50")]
    [InlineData("--duration", "--duration", "11m")]
    [InlineData("--duration", "--duration", "off")]
    [InlineData("--duration", "--duration", "0s")]
    [InlineData("--duration", "--duration", "soon")]
    [InlineData("--requests", "-n", "0")]
    [InlineData("--requests", "-n", "1000001")]
    [InlineData("--out", "-n", "1000001", "--out", "/tmp/lab-tests/never-written")]
    [InlineData("--concurrency", "-c", "0")]
    [InlineData("--concurrency", "-c", "1001")]
    [InlineData("-c", "-c", "many")]
    [InlineData("--out", "--out", " ")]
    public async Task BadValuesAreOneLineAndExitCode2(string mentions, params string[] args)
    {
        // Port 1 does not answer: each of these must be refused before the probe looks for its target.
        (await CliRun.RunAsync("Probes", ["http", "--url", "http://127.0.0.1:1/", .. args])).AssertUsageError(mentions);
    }

    [Fact]
    public async Task OutOnAFileIsOneLineAndExitCode2()
    {
        var file = Path.GetTempFileName();
        try
        {
            (await CliRun.RunAsync("Probes", "http", "--url", "http://127.0.0.1:1/", "--out", Path.Combine(file, "sub"))).AssertUsageError("--out");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<string[]> Csv(string path, string header)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal(header, lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToList();
    }
}
