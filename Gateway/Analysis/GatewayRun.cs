using System.Globalization;
using System.Text.Json;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;

namespace Lab.Gateway.Analysis;

/// <summary>
/// A gateway run directory read back: every connection from <c>gateway.clef</c> and the port-id journal
/// from <c>ports.log</c>. Reads logs, never the live gateway. Corrupt or truncated lines are counted in
/// <see cref="Problems"/> and skipped.
/// </summary>
public sealed class GatewayRun
{
    private GatewayRun(string directory, IReadOnlyList<GatewayConnection> connections, IReadOnlyList<PortJournalEntry> journal,
        ReadProblems problems, bool hasJournal)
    {
        Directory = directory;
        Connections = connections;
        Journal = journal;
        Problems = problems;
        HasJournal = hasJournal;
    }

    public string Directory { get; }
    public IReadOnlyList<GatewayConnection> Connections { get; }
    public IReadOnlyList<PortJournalEntry> Journal { get; }
    public ReadProblems Problems { get; }
    public bool HasJournal { get; }

    public IEnumerable<GatewayConnection> FrameConnections => Connections.Where(c => c.Listener == ListenerKind.Frames);

    /// <exception cref="FileNotFoundException">The directory holds no gateway.clef.</exception>
    public static GatewayRun Read(string directory)
    {
        var clef = Path.Combine(directory, GatewayLogging.JsonLog);
        if (!File.Exists(clef))
            throw new FileNotFoundException($"{directory} is not a gateway run directory (no {GatewayLogging.JsonLog})", clef);

        var problems = new ReadProblems();
        var builders = new Dictionary<long, GatewayConnection>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(clef))
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                Apply(doc.RootElement, builders);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                problems.Add($"{GatewayLogging.JsonLog}:{lineNumber}: {Truncate(line)}");
            }
        }

        var journalPath = Path.Combine(directory, PortJournal.FileName);
        var journal = File.Exists(journalPath) ? ReadJournal(journalPath, problems) : [];
        var connections = builders.Values.OrderBy(c => c.PortId).ToList();
        return new GatewayRun(directory, connections, journal, problems, File.Exists(journalPath));
    }

    private static void Apply(JsonElement e, Dictionary<long, GatewayConnection> connections)
    {
        var name = e.GetProperty("EventId").GetProperty("Name").GetString();
        if (name is null || !e.TryGetProperty("portId", out var idElement))
            return;
        var portId = idElement.GetInt64();
        var at = DateTimeOffset.Parse(e.GetProperty("@t").GetString()!, CultureInfo.InvariantCulture);
        if (name == "init_ok")
        {
            connections[portId] = new GatewayConnection
            {
                PortId = portId,
                Listener = Str(e, "listener")!,
                Peer = Str(e, "peer")!,
                Local = Str(e, "local") ?? "",
                AcceptedAt = at,
            };
            return;
        }
        if (!connections.TryGetValue(portId, out var c))
            return; // a listener line, or a connection whose init ok was lost
        connections[portId] = name switch
        {
            "head_error" => c with
            {
                HeadErrorAt = at,
                HeadLength = e.GetProperty("headLength").GetUInt32(),
                HeadLengthHex = Str(e, "headLengthHex"),
                HeadHex = Str(e, "headHex"),
                HeadAscii = Str(e, "headAscii"),
                Origin = Str(e, "origin"),
                Policy = Str(e, "policy"),
            },
            "refused" => c with { Refused = true },
            "http_request" => c with { HttpRequests = c.HttpRequests + 1 },
            "do_terminate" => c with
            {
                EndedAt = at,
                Reason = Str(e, "reason"),
                BytesIn = e.GetProperty("bytesIn").GetInt64(),
                BytesOut = e.GetProperty("bytesOut").GetInt64(),
                Frames = e.GetProperty("frames").GetInt64(),
                DurationMs = e.GetProperty("durationMs").GetInt64(),
                ClosedBy = Str(e, "closedBy"),
                CloseKind = Str(e, "closeKind"),
                Reply = Str(e, "reply"),
            },
            _ => c,
        };
    }

    private static List<PortJournalEntry> ReadJournal(string path, ReadProblems problems)
    {
        var entries = new List<PortJournalEntry>();
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("#Port<0.", StringComparison.Ordinal))
                continue;
            var parts = line.Split('\t');
            var close = parts[0].IndexOf('>');
            if (parts.Length < 4 || close < 0 || !long.TryParse(parts[0][8..close], out var id)
                || !DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                problems.Add($"{PortJournal.FileName}: {Truncate(line)}");
                continue;
            }
            entries.Add(new PortJournalEntry(id, time, parts[2], parts[3]));
        }
        return entries;
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static string Truncate(string line) => line.Length <= 120 ? line : line[..120] + "…";
}
