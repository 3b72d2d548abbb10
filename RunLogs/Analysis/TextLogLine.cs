using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lab.Logs;

namespace Lab.Logs.Analysis;

/// <summary>
/// One line of gateway.log, for when gateway.clef is missing: "yyyy-MM-dd HH:mm:ss.fffZ [LVL] event
/// #Port&lt;0.N&gt; key=value …", its message written from the event's template in <see cref="LogContract"/>.
/// The template says where each value ends, so a value may hold spaces (a TLS origin's detail, a decoded
/// path); a line that does not fit its template (an older gateway's) is read as key=value pairs, quoted
/// where the value may hold spaces (headAscii). The timestamp is UTC when it ends in Z; older gateways
/// wrote the machine's local time without it.
/// </summary>
internal sealed partial record TextLogLine(string Event, long PortId, DateTimeOffset At, IReadOnlyDictionary<string, string> Fields)
{
    private static readonly EventShape[] Shapes = LogContract.Events
        .Select(e => new EventShape(e.Name, LogContract.TextWordOf(e.Template) + " ", e.Template.Contains(LogContract.PortPlaceholder), MessagePattern(e.Template)))
        .ToArray();

    /// <summary>A line about the gateway as a whole (no port id): known, but nothing the analysis reads.</summary>
    public static bool IsProcessLine(string line) =>
        LinePattern().Match(line) is { Success: true } m && ShapeOf(m.Groups["message"].Value) is { HasPort: false };

    /// <summary>A line about one connection; null for any other line.</summary>
    public static TextLogLine? Parse(string line) =>
        ParseEvent(line) is { } e && e.Fields.TryGetValue(LogContract.Fields.PortId, out var id)
                              && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var portId)
            ? new TextLogLine(e.Event, portId, e.At, e.Fields)
            : null;

    /// <summary>Any line of an event in the contract, with its fields (the port id as <c>portId</c>).</summary>
    internal static (string Event, DateTimeOffset At, IReadOnlyDictionary<string, string> Fields)? ParseEvent(string line)
    {
        var m = LinePattern().Match(line);
        if (!m.Success)
            return null;
        var message = m.Groups["message"].Value;
        if (ShapeOf(message) is not { } shape)
            return null;
        // Without Z the line is an older gateway's local time: read in this machine's zone (TZ), then held as UTC
        // like every other time analyze prints.
        var utc = m.Groups["utc"].Success;
        var at = new DateTimeOffset(DateTime.ParseExact(m.Groups["time"].Value, LogContract.TextTimestampFormat, CultureInfo.InvariantCulture,
            (utc ? DateTimeStyles.AssumeUniversal : DateTimeStyles.AssumeLocal) | DateTimeStyles.AdjustToUniversal));
        var fields = new Dictionary<string, string>();
        if (shape.Pattern.Match(message) is { Success: true } fit)
        {
            foreach (var group in fit.Groups.Values.Skip(1))
                fields[group.Name] = group.Value;
        }
        else
        {
            foreach (Match f in FieldPattern().Matches(message))
            {
                var value = f.Groups["value"].Value;
                fields[f.Groups["key"].Value] = value.StartsWith('"') ? Unquote(value) : value;
            }
            if (shape.HasPort && LogContract.TryFindPort(message, out var portId))
                fields[LogContract.Fields.PortId] = portId.ToString(CultureInfo.InvariantCulture);
        }
        return shape.HasPort && !fields.ContainsKey(LogContract.Fields.PortId) ? null : (shape.Name, at, fields);
    }

    private static EventShape? ShapeOf(string message) => Shapes.FirstOrDefault(s => message.StartsWith(s.Word, StringComparison.Ordinal));

    /// <summary>The template as a pattern: its text literally, each field up to the text that follows it,
    /// a quoted field up to its closing quote, the port id as digits.</summary>
    private static Regex MessagePattern(string template)
    {
        var pattern = new StringBuilder("^");
        var at = 0;
        foreach (Match field in PlaceholderPattern().Matches(template))
        {
            var literal = template[at..field.Index];
            var name = field.Groups[1].Value;
            var last = field.Index + field.Length == template.Length;
            pattern.Append(Regex.Escape(literal)).Append($"(?<{name}>")
                .Append(name == LogContract.Fields.PortId ? @"\d+" : literal.EndsWith('"') ? @"(?:[^""\\]|\\.)*" : last ? ".*" : ".*?")
                .Append(')');
            at = field.Index + field.Length;
        }
        return new Regex(pattern.Append(Regex.Escape(template[at..])).Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    // The value was escaped before it was logged (PeerText); the JSON log holds the same escaped text.
    private static string Unquote(string quoted) => quoted[1..^1];

    private sealed record EventShape(string Name, string Word, bool HasPort, Regex Pattern);

    [GeneratedRegex(@"^(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})(?<utc>Z)? \[\w{3}\] (?<message>.*)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"(?<key>[A-Za-z]+)=(?<value>""(?:[^""\\]|\\.)*""|\S+)")]
    private static partial Regex FieldPattern();
}
