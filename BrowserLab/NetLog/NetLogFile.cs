using System.Globalization;
using System.Text.Json;

namespace Lab.BrowserLab.NetLog;

/// <summary>
/// A Chrome NetLog (<c>--log-net-log</c>): <c>constants</c> map numeric ids to names, <c>events</c>
/// follow one per line. A NetLog is complete only after the browser has closed; a truncated file
/// (a crash, a kill) is read line by line and marked <see cref="Truncated"/>.
/// </summary>
internal sealed class NetLogFile
{
    private NetLogFile(long timeTickOffset, Dictionary<int, string> netErrors, Dictionary<string, int> loadFlags,
        List<NetLogEvent> events, bool truncated, int skippedLines)
    {
        TimeTickOffset = timeTickOffset;
        NetErrors = netErrors;
        LoadFlags = loadFlags;
        Events = events;
        Truncated = truncated;
        SkippedLines = skippedLines;
    }

    /// <summary>Add to an event's time to get Unix epoch milliseconds.</summary>
    public long TimeTickOffset { get; }
    public IReadOnlyDictionary<int, string> NetErrors { get; }

    /// <summary>Load flag bits by name (VALIDATE_CACHE marks a reload).</summary>
    public IReadOnlyDictionary<string, int> LoadFlags { get; }
    public IReadOnlyList<NetLogEvent> Events { get; }
    public bool Truncated { get; }
    public int SkippedLines { get; }

    public DateTimeOffset WallClock(long time) => DateTimeOffset.FromUnixTimeMilliseconds(time + TimeTickOffset);

    /// <summary>A net error's name as Chrome prints it (ERR_EMPTY_RESPONSE for -324).</summary>
    public string ErrorName(int code) => NetErrors.TryGetValue(code, out var name) ? name : $"NET_ERROR({code})";

    public static NetLogFile Read(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var names = new Names(root.GetProperty("constants"));
            var events = root.GetProperty("events").EnumerateArray().Select((e, i) => names.ToEvent(e, i)).ToList();
            return new NetLogFile(names.TimeTickOffset, names.NetErrors, names.LoadFlags, events, truncated: false, skippedLines: 0);
        }
        catch (JsonException)
        {
            return ReadTruncated(path);
        }
    }

    private static NetLogFile ReadTruncated(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty, not a NetLog");
        Names names;
        try
        {
            using var constants = JsonDocument.Parse(first.TrimEnd().TrimEnd(',') + "}");
            names = new Names(constants.RootElement.GetProperty("constants"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path} does not start with NetLog constants", e);
        }

        var events = new List<NetLogEvent>();
        var skipped = 0;
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith('{'))
                continue; // "events": [ and the polledData tail
            try
            {
                using var e = JsonDocument.Parse(line.TrimEnd().TrimEnd(',').TrimEnd(']', ','));
                events.Add(names.ToEvent(e.RootElement, events.Count));
            }
            catch (JsonException)
            {
                skipped++; // the line being written when the file was cut
            }
        }
        return new NetLogFile(names.TimeTickOffset, names.NetErrors, names.LoadFlags, events, truncated: true, skippedLines: skipped);
    }

    private sealed class Names
    {
        private readonly Dictionary<int, string> _eventTypes = [];
        private readonly Dictionary<int, string> _sourceTypes = [];

        public Names(JsonElement constants)
        {
            foreach (var p in constants.GetProperty("logEventTypes").EnumerateObject())
                _eventTypes[p.Value.GetInt32()] = p.Name;
            foreach (var p in constants.GetProperty("logSourceType").EnumerateObject())
                _sourceTypes[p.Value.GetInt32()] = p.Name;
            foreach (var p in constants.GetProperty("netError").EnumerateObject())
                NetErrors[p.Value.GetInt32()] = p.Name;
            if (constants.TryGetProperty("loadFlag", out var loadFlags))
            {
                foreach (var p in loadFlags.EnumerateObject())
                    LoadFlags[p.Name] = p.Value.GetInt32();
            }
            var offset = constants.GetProperty("timeTickOffset");
            TimeTickOffset = offset.ValueKind == JsonValueKind.String
                ? long.Parse(offset.GetString()!, CultureInfo.InvariantCulture)
                : offset.GetInt64();
        }

        public Dictionary<int, string> NetErrors { get; } = [];
        public Dictionary<string, int> LoadFlags { get; } = [];
        public long TimeTickOffset { get; }

        public NetLogEvent ToEvent(JsonElement e, int order)
        {
            var source = e.GetProperty("source");
            var type = e.GetProperty("type").GetInt32();
            var sourceType = source.GetProperty("type").GetInt32();
            return new NetLogEvent(
                order,
                long.Parse(e.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
                _eventTypes.GetValueOrDefault(type, $"EVENT_{type}"),
                source.GetProperty("id").GetInt64(),
                _sourceTypes.GetValueOrDefault(sourceType, $"SOURCE_{sourceType}"),
                e.TryGetProperty("phase", out var phase) ? phase.GetInt32() : NetLogEvent.PhaseNone,
                e.TryGetProperty("params", out var p) ? p.Clone() : default);
        }
    }
}
