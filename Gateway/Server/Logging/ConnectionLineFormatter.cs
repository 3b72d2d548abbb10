using System.Buffers;
using System.Globalization;
using System.Text;
using Serilog.Formatting.Json;

namespace Lab.Gateway.Logging;

/// <summary>
/// Formats a <see cref="ConnectionLine"/> into the two lines Serilog would have written for the same event:
/// gateway.log's (<c>{UtcTimestamp:yyyy-MM-dd HH:mm:ss.fff}Z [{Level:u3}] {Message:lj}</c>) and gateway.clef's
/// (compact JSON), byte for byte (<c>TypedLinesTests</c> compares them). One per writer thread; each
/// <see cref="Format"/> reuses its two buffers.
/// </summary>
internal sealed class ConnectionLineFormatter
{
    private const int KeptChars = 64 * 1024;

    // What Serilog's JSON string escapes; a value without any is written as it is.
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\"\\" + string.Concat(Enumerable.Range(0, 32).Select(c => (char)c)));

    private readonly StringWriter _clefWriter;
    private LineShape _shape = null!;
    private int _value;

    public ConnectionLineFormatter()
    {
        _clefWriter = new StringWriter(Clef, CultureInfo.InvariantCulture);
    }

    /// <summary>gateway.log's line, with its line break; valid until the next <see cref="Format"/>.</summary>
    public StringBuilder Text { get; } = new();

    /// <summary>gateway.clef's line, with its line break; valid until the next <see cref="Format"/>.</summary>
    public StringBuilder Clef { get; } = new();

    public void Format(ConnectionLine line)
    {
        if (Text.Capacity > KeptChars)
            Text.Capacity = KeptChars; // a huge value's buffer is let go
        if (Clef.Capacity > KeptChars)
            Clef.Capacity = KeptChars;
        Text.Clear();
        Clef.Clear();
        _shape = line.Shape;
        _value = 0;

        // The round-trip form ("O") of a UTC time begins with gateway.log's, a T for the space and truncated to the millisecond.
        Span<char> time = stackalloc char[28];
        line.Time.TryFormat(time, out var length, "O", CultureInfo.InvariantCulture);
        Text.Append(time[..10]).Append(' ').Append(time[11..23]).Append(_shape.TextHead);
        Clef.Append("{\"@t\":\"").Append(time[..length]).Append(_shape.ClefHead);

        line.WriteValues(this);

        Text.Append(_shape.TextTail).Append(Environment.NewLine);
        Clef.Append(_shape.ClefTail);
        AppendJson(line.ConnectionId);
        Clef.Append('}').Append(Environment.NewLine);
    }

    public void Value(long value)
    {
        Text.Append(_shape.TextLiterals[_value]).Append(value);
        Clef.Append(_shape.ClefKeys[_value]).Append(value);
        _value++;
    }

    public void Value(string? value)
    {
        Text.Append(_shape.TextLiterals[_value]).Append(value ?? "null");
        Clef.Append(_shape.ClefKeys[_value]);
        AppendJson(value);
        _value++;
    }

    private void AppendJson(string? value)
    {
        if (value is null)
            Clef.Append("null");
        else if (value.AsSpan().ContainsAny(Escaped))
            JsonValueFormatter.WriteQuotedJsonString(value, _clefWriter);
        else
            Clef.Append('"').Append(value).Append('"');
    }
}
