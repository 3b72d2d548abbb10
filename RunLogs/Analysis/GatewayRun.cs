using System.Globalization;
using System.Text.Json;
using Lab.Logs;
using Lab.Common.Text;

namespace Lab.Logs.Analysis;

/// <summary>
/// A gateway run directory read back: every connection from <c>gateway.clef</c> and the port-id journal
/// from <c>ports.log</c>, each read across its rolled files in order (<see cref="RolledLogSet"/>). Reads
/// logs, never the live gateway. Corrupt or truncated lines are counted in <see cref="Problems"/> and
/// skipped; files that retention deleted are counted in <see cref="DeletedFiles"/>.
/// </summary>
internal sealed class GatewayRun
{
    private GatewayRun(string directory, string source, IReadOnlyList<GatewayConnection> connections, IReadOnlyList<PortJournalEntry> journal,
        ReadProblems problems, bool hasJournal, long deletedFiles, IReadOnlyList<RunStart> runs, IReadOnlyList<RunTotals> totals)
    {
        Runs = runs;
        Totals = totals;
        DeletedFiles = deletedFiles;
        Directory = directory;
        Source = source;
        Connections = connections;
        Journal = journal;
        Problems = problems;
        HasJournal = hasJournal;
    }

    public string Directory { get; }

    /// <summary>Which log was read: gateway.clef, or gateway.log when the JSON log is missing.</summary>
    public string Source { get; }
    public IReadOnlyList<GatewayConnection> Connections { get; }
    public IReadOnlyList<PortJournalEntry> Journal { get; }
    public ReadProblems Problems { get; }
    public bool HasJournal { get; }

    /// <summary>Rolled files of the log that was read which retention had deleted before this read: the run's
    /// earliest connections are not in <see cref="Connections"/>.</summary>
    public long DeletedFiles { get; }

    /// <summary>The runs whose <c>run_start</c> was read, in order (none in logs from before run_start existed):
    /// more than one when runs were added with <c>--append</c>.</summary>
    public IReadOnlyList<RunStart> Runs { get; }

    /// <summary>The <c>totals</c> lines read, one per run that stopped cleanly and could still write it.</summary>
    public IReadOnlyList<RunTotals> Totals { get; }

    public IEnumerable<GatewayConnection> FrameConnections => Connections.Where(c => c.Listener == ListenerKind.Frames.ToLogName());

    /// <exception cref="FileNotFoundException">The directory holds neither gateway.clef nor gateway.log.</exception>
    public static GatewayRun Read(string directory)
    {
        directory = RunDirectoryOf(directory);
        var clef = Path.Combine(directory, RunFiles.JsonLog);
        var text = Path.Combine(directory, RunFiles.TextLog);
        var problems = new ReadProblems();
        var builders = new Dictionary<long, GatewayConnection>();
        var runEvents = new RunEvents();
        string source;
        long deleted;
        if (RolledLogSet.InOrder(clef).Count > 0)
        {
            source = RunFiles.JsonLog;
            deleted = RolledLogSet.DeletedBefore(clef);
            ReadLines(clef, problems, line =>
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                var at = DateTimeOffset.Parse(e.GetProperty(LogContract.ClefTime).GetString()!, CultureInfo.InvariantCulture).ToUniversalTime();
                var name = e.GetProperty(LogContract.ClefEventId).GetProperty(LogContract.ClefEventIdName).GetString()!;
                if (!e.TryGetProperty(LogContract.Fields.PortId, out var id))
                    return runEvents.Apply(name, at, field => Field(e, field));
                Apply(name, PortIdOrThrow(id.GetInt64()), at, field => Field(e, field), builders);
                return null;
            });
        }
        else if (RolledLogSet.InOrder(text).Count > 0)
        {
            source = RunFiles.TextLog;
            deleted = RolledLogSet.DeletedBefore(text);
            ReadLines(text, problems, line =>
            {
                if (TextLogLine.Parse(line) is { } parsed)
                    Apply(parsed.Event, parsed.PortId, parsed.At, name => parsed.Fields.GetValueOrDefault(name), builders);
                else if (TextLogLine.ParseEvent(line) is { } other)
                    return runEvents.Apply(other.Event, other.At, name => other.Fields.GetValueOrDefault(name));
                else if (line.Length > 0 && !TextLogLine.IsProcessLine(line))
                    throw new FormatException("not a gateway log line");
                return null;
            });
        }
        else
        {
            throw new FileNotFoundException($"{directory} is not a gateway run directory (no {RunFiles.JsonLog} or {RunFiles.TextLog})", clef);
        }

        var journalPath = Path.Combine(directory, RunFiles.Journal);
        var hasJournal = RolledLogSet.InOrder(journalPath).Count > 0;
        var journal = hasJournal ? PortJournalReader.Read(journalPath, problems) : [];
        var connections = builders.Values.OrderBy(c => c.PortId).ToList();
        return new GatewayRun(directory, source, connections, journal, problems, hasJournal, deleted, runEvents.Runs, runEvents.Totals);
    }

    /// <summary>Every line of a log's files in the order they were written. <paramref name="apply"/> returns the
    /// file a <c>log_cut</c> line names: when that is this file, the damaged line just before this run's first
    /// line is the one the gateway left cut, and its problem says so.</summary>
    private static void ReadLines(string activePath, ReadProblems problems, Func<string, string?> apply)
    {
        var name = Path.GetFileName(activePath);
        foreach (var path in RolledLogSet.InOrder(activePath))
        {
            var lineNumber = 0;
            var damaged = new DamagedLineTracker(problems);
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.Length == 0)
                    continue;
                try
                {
                    damaged.Read(apply(line) == name);
                }
                // ArgumentException: a null where a value must be ("@t": null); each is one damaged line, never a crash.
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
                {
                    damaged.Damaged($"{Path.GetFileName(path)}:{lineNumber}: {Truncate(line)}");
                }
            }
        }
    }

    /// <summary>The directory that holds the logs: a BrowserLab run directory keeps its embedded gateway's in gateway/.</summary>
    public static string RunDirectoryOf(string directory) =>
        !File.Exists(Path.Combine(directory, RunFiles.JsonLog)) && !File.Exists(Path.Combine(directory, RunFiles.TextLog))
        && System.IO.Directory.Exists(Path.Combine(directory, "gateway"))
            ? Path.Combine(directory, "gateway")
            : directory;

    private static void Apply(string name, long portId, DateTimeOffset at, Func<string, string?> logged, Dictionary<long, GatewayConnection> connections)
    {
        // Every value the analysis keeps can reach a terminal: escaped here, once, for the text and the JSON alike.
        string? Value(string n) => LoggedText.Printable(logged(n));
        string Required(string n) => Value(n) ?? throw new KeyNotFoundException(n);
        long Long(string n) => long.Parse(Required(n), CultureInfo.InvariantCulture);
        if (name == LogContract.Names.InitOk)
        {
            connections[portId] = new GatewayConnection
            {
                PortId = portId,
                Listener = Required(LogContract.Fields.Listener),
                Peer = Required(LogContract.Fields.Peer),
                Local = Value(LogContract.Fields.Local) ?? "",
                AcceptedAt = at,
            };
            return;
        }
        if (!connections.TryGetValue(portId, out var c))
            return; // a listener line, or a connection whose init ok was lost
        connections[portId] = name switch
        {
            LogContract.Names.HeadError => c with
            {
                HeadErrorAt = at,
                HeadLength = uint.Parse(Required(LogContract.Fields.HeadLength), CultureInfo.InvariantCulture),
                HeadLengthHex = Value(LogContract.Fields.HeadLengthHex),
                HeadHex = HexOrThrow(Value(LogContract.Fields.HeadHex)),
                HeadAscii = Value(LogContract.Fields.HeadAscii),
                Origin = Value(LogContract.Fields.Origin),
                Policy = Value(LogContract.Fields.Policy),
            },
            LogContract.Names.Refused => c with { Refused = true },
            LogContract.Names.HttpRequest => c with { HttpRequests = c.HttpRequests + 1 },
            LogContract.Names.DoTerminate => c with
            {
                EndedAt = at,
                Reason = Value(LogContract.Fields.Reason),
                BytesIn = Long(LogContract.Fields.BytesIn),
                BytesOut = Long(LogContract.Fields.BytesOut),
                Frames = Long(LogContract.Fields.Frames),
                DurationMs = Long(LogContract.Fields.DurationMs),
                ClosedBy = Value(LogContract.Fields.ClosedBy),
                CloseKind = Value(LogContract.Fields.CloseKind),
                Reply = Value(LogContract.Fields.Reply),
            },
            _ => c,
        };
    }

    private static string? Field(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    /// <summary>A damaged line as a note quotes it: escaped like a peer's bytes (a log can hold anything), at most 120 characters.</summary>
    internal static string Truncate(string line) => PeerText.Escape(line.Length <= 120 ? line : line[..120]) + (line.Length > 120 ? "…" : "");

    /// <summary>A port id as the gateway draws them (counting up from 1; gateway.log's <c>#Port&lt;0.N&gt;</c> reads
    /// 0 and up), or the line is damaged: a negative id is no socket's.</summary>
    private static long PortIdOrThrow(long portId) => portId >= 0 ? portId : throw new FormatException("portId is negative");

    /// <summary>headHex as the gateway writes it (hex digits, whole bytes), or the line is damaged.</summary>
    private static string? HexOrThrow(string? hex) =>
        hex is null || (hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit)) ? hex : throw new FormatException("headHex is not hex");
}
