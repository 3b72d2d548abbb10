using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lab.Logs;
using Lab.Framing;
using Lab.Logs.Analysis;
using Lab.Gateway.Logging;
using Lab.Gateway.Tests.Support;
using Lab.Testing;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Lab.Gateway.Tests.Logging;

/// <summary>Every event of the log contract, written by the gateway's own logging, reads back the same from
/// gateway.clef and from gateway.log: the same event, time (to the millisecond), level, template and every
/// field, values with spaces and peer bytes included. Artefacts: the two run directories named in a failure.</summary>
public partial class LogRoundTripTests
{
    [Fact]
    public async Task EveryEventReadsBackEqualFromTheJsonAndTheTextLog()
    {
        var seen = new HashSet<string>();
        seen.UnionWith(AssertSameBothWays(await RunGatewayAsync()));
        seen.UnionWith(AssertSameBothWays(WriteDescriptorLimitEvents()));

        Assert.Equal(LogContract.Events.Select(e => e.Name).Order(), seen.Order());
    }

    /// <summary>The connection events and the gateway's own, through a real gateway at debug level.</summary>
    private static async Task<string> RunGatewayAsync()
    {
        await using var gateway = await TestGateway.StartAsync(maxConnections: 1, logLevel: LogEventLevel.Debug);
        using (var echo = await RawClient.ConnectAsync(gateway.Frames))
        {
            await echo.SendAsync(PacketWriter.Encode("hello"u8.ToArray(), 4));
            await echo.ReadExactlyAsync(9);
            await gateway.WaitForLiveConnectionsAsync(1);
            using var refused = await RawClient.ConnectAsync(gateway.Frames);
            await refused.ReadToEndAsync();
        }
        await gateway.WaitForNoConnectionsAsync();
        // Two origins: http(GET), and tls(ClientHello TLS 1.2 (TLS 1.3 also says 1.2 here)), a value with spaces.
        foreach (var head in new[] { BadHeads.BogusGet, BadHeads.TlsClientHello })
        {
            using var client = await RawClient.ConnectAsync(gateway.Frames);
            await client.SendAsync(head);
            await client.ReadToEndAsync();
            await gateway.WaitForNoConnectionsAsync();
        }
        // Kestrel decodes %20 in the path: the logged path holds a space and an '='.
        using (var http = await RawClient.ConnectAsync(gateway.Http))
        {
            await http.SendAsync(Encoding.ASCII.GetBytes("GET /a%20b=c?q=%22x%22 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            await http.ReadToEndAsync();
        }
        await gateway.WaitForNoConnectionsAsync();
        await gateway.Host.StopAsync();
        return gateway.LogsDirectory;
    }

    /// <summary>The events of a descriptor limit, of log retention, of a cut line and a failed start (a run's first
    /// lines otherwise), which a loopback test cannot bring about,
    /// through the same logging the gateway sets up.</summary>
    private static string WriteDescriptorLimitEvents()
    {
        var dir = TestGateway.ArtifactDirectory("log-round-trip-descriptors");
        Directory.CreateDirectory(dir);
        using var logging = new GatewayLogging(dir, LogEventLevel.Information);
        using var provider = new SerilogLoggerProvider(logging.Logger);
        var log = provider.CreateLogger("Lab.Gateway.Descriptors.DescriptorGuard");
        log.AcceptFailing("127.0.0.1:20001", "EMFILE", "headroom", 256, 7, 249, 32);
        log.DescriptorsShort("begin", 201, -28, 229, 4);
        log.AcceptRecovered(3028, 5, 256, 222);
        log.LogCut("gateway.clef");
        log.StartFailed("20261204-101500.123-4242", "address already in use");
        logging.NoteDeletion(Path.Combine(dir, "gateway-000001.log"));
        return dir;
    }

    /// <summary>Pairs gateway.clef's events with gateway.log's lines in order and compares each pair;
    /// returns the events seen (log_retention from the text alone: only a deleted gateway.clef file is also an event, in gateway.clef).</summary>
    private static IEnumerable<string> AssertSameBothWays(string dir)
    {
        var json = File.ReadLines(Path.Combine(dir, "gateway.clef")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var text = File.ReadLines(Path.Combine(dir, "gateway.log")).Where(l => l.Length > 0).ToList();
        var parsed = text.Select(l => (Line: l, Event: TextLogLine.ParseEvent(l))).ToList();
        Assert.All(parsed, p => Assert.True(p.Event is not null, $"{dir}/gateway.log: not a contract line: {p.Line}"));
        var retention = parsed.Where(p => p.Event!.Value.Event == LogContract.Names.LogRetention).ToList();
        var lines = parsed.Except(retention).ToList();
        Assert.True(json.Count == lines.Count, $"{json.Count} events in gateway.clef, {lines.Count} lines in gateway.log; logs in {dir}");

        foreach (var (e, (line, read)) in json.Zip(lines))
        {
            var (name, at, fields) = read!.Value;
            var template = LogContract.Events.Single(x => x.Name == name).Template;
            var context = $"{dir}: {line}";
            Assert.True(name == e.GetProperty("EventId").GetProperty("Name").GetString(), context);
            Assert.True(template == e.GetProperty("@mt").GetString(), context);
            var jsonTime = DateTimeOffset.Parse(e.GetProperty("@t").GetString()!, CultureInfo.InvariantCulture);
            Assert.True(jsonTime.ToUnixTimeMilliseconds() == at.ToUnixTimeMilliseconds(), context);
            var level = e.TryGetProperty("@l", out var l) ? l.GetString()! : "Information";
            Assert.True(LevelWord(level) == Regex.Match(line, @"\[(\w{3})\]").Groups[1].Value, context);
            var placeholders = Placeholder().Matches(template).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(placeholders.Order(), fields.Keys.Order());
            foreach (var field in placeholders)
            {
                var value = e.GetProperty(field);
                var fromJson = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                Assert.True(fromJson == fields[field], $"{field}: gateway.clef says {fromJson}, gateway.log {fields[field]}; {context}");
            }
        }
        foreach (var (line, read) in retention)
            Assert.True(read!.Value.Fields["deleted"] == "gateway-000001.log" && read.Value.Fields["retain"] == LogRolling.Default.Retain.ToString(CultureInfo.InvariantCulture),
                $"{dir}: {line}");
        return lines.Select(p => p.Event!.Value.Event).Concat(retention.Select(p => p.Event!.Value.Event));
    }

    private static string LevelWord(string level) => level switch
    {
        "Verbose" => "VRB",
        "Debug" => "DBG",
        "Information" => "INF",
        "Warning" => "WRN",
        "Error" => "ERR",
        _ => "FTL",
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
