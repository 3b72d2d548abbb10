using System.Text;
using System.Text.RegularExpressions;
using Serilog.Events;
using Serilog.Formatting.Json;
using Lab.Logs;

namespace Lab.Gateway.Logging;

/// <summary>
/// What every line of one connection event holds apart from its values, worked out once from the log
/// contract: gateway.log's level word and the template's text between the values, and gateway.clef's
/// template, level, keys and trailing properties, in the order Serilog's compact JSON writes them (the
/// event's fields, its <c>EventId</c>, <c>SourceContext</c>, then Kestrel's <c>ConnectionId</c> scope).
/// </summary>
internal sealed partial class LineShape
{
    public LineShape(int eventId, string name, LogEventLevel level, string template, string sourceContext)
    {
        EventId = eventId;
        var fields = Placeholder().Matches(template);
        var literals = new List<string>();
        var at = 0;
        foreach (Match field in fields)
        {
            literals.Add(template[at..field.Index]);
            at = field.Index + field.Length;
        }
        TextLiterals = [.. literals];
        TextTail = template[at..];
        TextHead = $"Z [{LevelWord(level)}] ";
        ClefKeys = [.. fields.Select(f => "," + Quoted(f.Groups[1].Value) + ":")];
        ClefHead = "\",\"@mt\":" + Quoted(template) + (level == LogEventLevel.Information ? "" : $",\"@l\":\"{level}\"");
        ClefTail = $",\"{LogContract.ClefEventId}\":{{\"Id\":{eventId},\"{LogContract.ClefEventIdName}\":{Quoted(name)}}},\"SourceContext\":{Quoted(sourceContext)},\"ConnectionId\":";
    }

    public int EventId { get; }

    /// <summary>gateway.log after the time: <c>Z [INF] </c>.</summary>
    public string TextHead { get; }

    /// <summary>The template's text before each value.</summary>
    public string[] TextLiterals { get; }

    /// <summary>The template's text after the last value.</summary>
    public string TextTail { get; }

    /// <summary>gateway.clef from the end of the time to the first field: the template, and the level unless it is Information.</summary>
    public string ClefHead { get; }

    /// <summary><c>,"name":</c> before each value.</summary>
    public string[] ClefKeys { get; }

    /// <summary>gateway.clef after the last field, up to the connection id's value.</summary>
    public string ClefTail { get; }

    // Serilog's {Level:u3}.
    private static string LevelWord(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "VRB",
        LogEventLevel.Debug => "DBG",
        LogEventLevel.Information => "INF",
        LogEventLevel.Warning => "WRN",
        LogEventLevel.Error => "ERR",
        _ => "FTL",
    };

    private static string Quoted(string text)
    {
        var quoted = new StringWriter(new StringBuilder());
        JsonValueFormatter.WriteQuotedJsonString(text, quoted);
        return quoted.ToString();
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
