using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lab.BrowserLab.Tests.Experiment;

/// <summary>report.json's documented shape (docs/browserlab.md, "report.json"): the fields scripts rely on.</summary>
public static partial class ReportShape
{
    private static readonly string[] Roles = ["original", "retry", "unused", "other", "unexplained"];

    public static void Validate(string reportJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(reportJson));
        var r = doc.RootElement;
        Assert.Matches(GatewayPattern(), r.GetProperty("gateway").GetString());
        Assert.Contains(r.GetProperty("policy").GetString(), new[] { "fin", "rst", "http400", "hold" });
        var s = r.GetProperty("summary");
        foreach (var field in new[] { "navigations", "connections", "retries", "unusedPreconnects", "unexplained" })
            Assert.True(s.GetProperty(field).ValueKind == JsonValueKind.Number && s.GetProperty(field).GetInt32() >= 0, field);
        Assert.Equal(JsonValueKind.Array, s.GetProperty("connectionsPerNavigation").ValueKind);
        var connections = r.GetProperty("connections").EnumerateArray().ToList();
        Assert.NotEmpty(connections);
        foreach (var c in connections)
        {
            Assert.Contains(c.GetProperty("role").GetString(), Roles);
            Assert.Equal(JsonValueKind.Number, c.GetProperty("clientPort").ValueKind);
            Assert.Equal(JsonValueKind.Number, c.GetProperty("bytesIn").ValueKind);
            Assert.Equal(JsonValueKind.String, c.GetProperty("opener").ValueKind);
            Assert.Contains(c.GetProperty("tookIdleSocket").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.Contains(c.GetProperty("portId").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
            Assert.Contains(c.GetProperty("headLength").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
            Assert.Contains(c.GetProperty("browserError").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
            Assert.Contains(c.GetProperty("closedBy").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
            Assert.Contains(c.GetProperty("closeKind").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
        }
        Assert.Equal(s.GetProperty("connections").GetInt32(), connections.Count(c => c.GetProperty("portId").ValueKind == JsonValueKind.Number));
        // The notes' clock, as browser fit --json prints it: a best story, or null (undecided, or NO DATA without a reload).
        var clock = r.GetProperty("notesClock");
        Assert.Equal("11:03:34.564", clock.GetProperty("anchor").GetString());
        Assert.Equal(JsonValueKind.Number, clock.GetProperty("tolerance").ValueKind);
        Assert.Contains(clock.GetProperty("best").ValueKind, new[] { JsonValueKind.Object, JsonValueKind.Null });
        Assert.False(string.IsNullOrWhiteSpace(clock.GetProperty("conclusion").GetString()));
        Assert.Equal(clock.GetProperty("measured").ValueKind == JsonValueKind.Null ? 0 : 6, clock.GetProperty("hypotheses").GetArrayLength());
        // Every navigation says whether its step started fresh, and agrees with its step's own verdict.
        var steps = r.GetProperty("steps").EnumerateArray().ToDictionary(x => x.GetProperty("step").GetInt32(), x => x.GetProperty("freshStart").GetBoolean());
        foreach (var n in r.GetProperty("navigations").EnumerateArray())
        {
            Assert.Contains(n.GetProperty("freshStart").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.Equal(steps[n.GetProperty("step").GetInt32()], n.GetProperty("freshStart").GetBoolean());
        }
    }

    /// <summary>Counted straight from the NetLog file, independently of the lab's model: restarts of
    /// requests to the gateway.</summary>
    public static int RestartsInNetLog(string netLogPath, string gateway)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(netLogPath));
        var types = doc.RootElement.GetProperty("constants").GetProperty("logEventTypes");
        var restart = types.GetProperty("HTTP_TRANSACTION_RESTART_AFTER_ERROR").GetInt32();
        var alive = types.GetProperty("REQUEST_ALIVE").GetInt32();
        var events = doc.RootElement.GetProperty("events").EnumerateArray().ToList();
        var toGateway = events
            .Where(e => e.GetProperty("type").GetInt32() == alive && e.TryGetProperty("params", out var p)
                        && p.TryGetProperty("url", out var u) && u.GetString()!.StartsWith($"http://{gateway}/", StringComparison.Ordinal))
            .Select(e => e.GetProperty("source").GetProperty("id").GetInt64())
            .ToHashSet();
        return events.Count(e => e.GetProperty("type").GetInt32() == restart && toGateway.Contains(e.GetProperty("source").GetProperty("id").GetInt64()));
    }

    /// <summary>Straight from the NetLog file: each socket to the gateway, when it connected and when it first
    /// sent (wall clock: the event's time plus constants.timeTickOffset), null if it never sent.</summary>
    public static List<(DateTimeOffset Connected, DateTimeOffset? FirstSend)> SocketsInNetLog(string netLogPath, string gateway)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(netLogPath));
        var constants = doc.RootElement.GetProperty("constants");
        var offset = long.Parse(constants.GetProperty("timeTickOffset").ToString());
        var types = constants.GetProperty("logEventTypes");
        var (connect, sent) = (types.GetProperty("TCP_CONNECT").GetInt32(), types.GetProperty("SOCKET_BYTES_SENT").GetInt32());
        DateTimeOffset Wall(JsonElement e) => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(e.GetProperty("time").GetString()!) + offset);
        var events = doc.RootElement.GetProperty("events").EnumerateArray().ToList();
        var connected = events
            .Where(e => e.GetProperty("type").GetInt32() == connect && e.GetProperty("phase").GetInt32() == 2
                        && e.TryGetProperty("params", out var p) && p.TryGetProperty("remote_address", out var r) && r.GetString() == gateway)
            .ToDictionary(e => e.GetProperty("source").GetProperty("id").GetInt64(), Wall);
        var firstSend = events
            .Where(e => e.GetProperty("type").GetInt32() == sent && connected.ContainsKey(e.GetProperty("source").GetProperty("id").GetInt64()))
            .GroupBy(e => e.GetProperty("source").GetProperty("id").GetInt64())
            .ToDictionary(g => g.Key, g => g.Min(Wall));
        return connected.Select(c => (c.Value, firstSend.TryGetValue(c.Key, out var f) ? f : (DateTimeOffset?)null)).ToList();
    }

    [GeneratedRegex(@"^127\.0\.0\.1:\d+$")]
    private static partial Regex GatewayPattern();
}
