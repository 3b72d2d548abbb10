using System.Globalization;
using Lab.Logs;

namespace Lab.Logs.Analysis;

/// <summary>
/// Finds connections' lines in a run directory, with or without <c>conn/</c>: a port id's own
/// <c>conn/&lt;N&gt;.log</c> when the run kept one, otherwise one pass over gateway.log's rolled set (and,
/// for JSON, gateway.clef's), keeping the lines that name a wanted port id or client. A pass is a plain
/// substring search per line: its cost is reading the files once (docs/gateway.md: gateway conn).
/// </summary>
internal static class ConnectionFinder
{
    public static IReadOnlyList<ConnectionLines> Find(string directory, IReadOnlyList<ConnectionSelector> selectors, bool json)
    {
        directory = GatewayRun.RunDirectoryOf(directory);
        var text = Path.Combine(directory, RunFiles.TextLog);
        var clef = Path.Combine(directory, RunFiles.JsonLog);
        if (RolledLogSet.InOrder(text).Count == 0 && RolledLogSet.InOrder(clef).Count == 0)
            throw new FileNotFoundException($"{directory} is not a gateway run directory (no {RunFiles.TextLog} or {RunFiles.JsonLog})");

        // Port ids first: a client ip:port is resolved to the id (or ids) its lines carry.
        var wanted = selectors.Where(s => s.PortId is not null).Select(s => s.PortId!.Value).ToHashSet();
        var peers = selectors.Where(s => s.Peer is not null).Select(s => s.Peer!).ToList();
        var textLines = new Dictionary<long, List<string>>();
        var sources = new Dictionary<long, string>();
        var conn = Path.Combine(directory, RunFiles.ConnectionDirectory);
        foreach (var id in wanted.ToList())
        {
            var file = Path.Combine(conn, $"{id}.log");
            if (peers.Count == 0 && File.Exists(file))
            {
                textLines[id] = File.ReadLines(file).Where(l => l.Length > 0).ToList();
                sources[id] = Path.Combine(RunFiles.ConnectionDirectory, $"{id}.log");
            }
        }
        var scanFor = wanted.Where(id => !textLines.ContainsKey(id)).ToHashSet();
        if (scanFor.Count > 0 || peers.Count > 0)
        {
            var needles = scanFor.Select(ConnectionSelector.PortNeedle).Concat(peers.Select(ConnectionSelector.PeerNeedle)).ToArray();
            foreach (var path in RolledLogSet.InOrder(text))
            {
                var cut = new CutLineWatch(RunFiles.TextLog);
                foreach (var line in File.ReadLines(path))
                {
                    if (cut.IsCutNoteFor(line) is { } cutLine)
                        textLines[cutLine.Id][cutLine.Index] += CutLineWatch.Mark;
                    if (!ContainsAny(line, needles) || PortIdIn(line) is not { } id)
                        continue;
                    if (!scanFor.Contains(id))
                    {
                        // A line found by its client: from now on every line of that id is wanted, and its
                        // earlier lines (none: init ok names the client first) are already in order.
                        scanFor.Add(id);
                        needles = [.. needles, ConnectionSelector.PortNeedle(id)];
                    }
                    var lines = textLines.TryGetValue(id, out var list) ? list : textLines[id] = [];
                    lines.Add(line);
                    cut.Matched(id, lines.Count - 1);
                    sources.TryAdd(id, RunFiles.TextLog);
                }
            }
        }

        var events = json ? JsonEventsOf(clef, textLines.Keys.Concat(wanted).ToHashSet()) : [];
        return textLines.Keys.Concat(events.Keys).Distinct().Order()
            .Select(id => new ConnectionLines(id, textLines.GetValueOrDefault(id) ?? [], events.GetValueOrDefault(id) ?? [], sources.GetValueOrDefault(id) ?? RunFiles.JsonLog))
            .ToList();
    }

    /// <summary>gateway.clef's events of these ids, as the raw JSON lines; matched on the bytes of
    /// <c>"portId":N</c> before any JSON is parsed.</summary>
    private static Dictionary<long, List<string>> JsonEventsOf(string clef, HashSet<long> ids)
    {
        var found = new Dictionary<long, List<string>>();
        var needles = ids.Select(id => $"\"{LogContract.Fields.PortId}\":{id.ToString(CultureInfo.InvariantCulture)}").ToArray();
        foreach (var path in RolledLogSet.InOrder(clef))
        {
            foreach (var line in File.ReadLines(path))
            {
                foreach (var (needle, id) in needles.Zip(ids))
                {
                    var at = line.IndexOf(needle, StringComparison.Ordinal);
                    // "portId":7 must not match "portId":71.
                    if (at >= 0 && (at + needle.Length == line.Length || !char.IsAsciiDigit(line[at + needle.Length])))
                    {
                        (found.TryGetValue(id, out var list) ? list : found[id] = []).Add(line);
                        break;
                    }
                }
            }
        }
        return found;
    }

    private static bool ContainsAny(string line, string[] needles)
    {
        foreach (var needle in needles)
        {
            if (line.Contains(needle, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static long? PortIdIn(string line) => LogContract.TryFindPort(line, out var id) ? id : null;
}
