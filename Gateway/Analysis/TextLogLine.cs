using System.Globalization;
using System.Text.RegularExpressions;

namespace Lab.Gateway.Analysis;

/// <summary>
/// One line of gateway.log, for when gateway.clef is missing: "yyyy-MM-dd HH:mm:ss.fffZ [LVL] event
/// #Port&lt;0.N&gt; key=value …" with quoted values where the value may hold spaces (headAscii).
/// The timestamp is UTC when it ends in Z; older gateways wrote the machine's local time without it.
/// </summary>
public sealed partial record TextLogLine(string Event, long PortId, DateTimeOffset At, IReadOnlyDictionary<string, string> Fields)
{
    private static readonly (string Prefix, string Event)[] Events =
    [
        ("init ok ", "init_ok"), ("head_error ", "head_error"), ("refused ", "refused"), ("do_terminate ", "do_terminate"),
        ("http_request ", "http_request"), ("listen ", "listen"), ("frame ", "frame"),
    ];

    /// <summary>Lines about the gateway as a whole (no port id): known, but nothing the analysis reads.</summary>
    private static readonly string[] ProcessEvents = ["descriptors ", "accept_failing ", "accept_recovered ", "totals ", "descriptors_short ", "log_retention "];

    public static bool IsProcessLine(string line)
    {
        var m = ProcessLinePattern().Match(line);
        return m.Success && ProcessEvents.Any(e => m.Groups["message"].Value.StartsWith(e, StringComparison.Ordinal));
    }

    public static TextLogLine? Parse(string line)
    {
        var m = LinePattern().Match(line);
        if (!m.Success)
            return null;
        var message = m.Groups["message"].Value;
        var kind = Events.FirstOrDefault(e => message.StartsWith(e.Prefix, StringComparison.Ordinal)).Event;
        if (kind is null)
            return null;
        var utc = m.Groups["utc"].Success;
        var at = new DateTimeOffset(DateTime.ParseExact(m.Groups["time"].Value, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture,
            utc ? DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal : DateTimeStyles.AssumeLocal));
        var fields = new Dictionary<string, string>();
        foreach (Match f in FieldPattern().Matches(message))
        {
            var value = f.Groups["value"].Value;
            fields[f.Groups["key"].Value] = value.StartsWith('"') ? Unquote(value) : value;
        }
        return new TextLogLine(kind, long.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture), at, fields);
    }

    // The value was escaped before it was logged (PeerText); the JSON log holds the same escaped text.
    private static string Unquote(string quoted) => quoted[1..^1];

    [GeneratedRegex(@"^(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})(?<utc>Z)? \[\w{3}\] (?<message>.*#Port<0\.(?<port>\d+)>.*)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z? \[\w{3}\] (?<message>.*)$")]
    private static partial Regex ProcessLinePattern();

    [GeneratedRegex(@"(?<key>[A-Za-z]+)=(?<value>""(?:[^""\\]|\\.)*""|\S+)")]
    private static partial Regex FieldPattern();
}
