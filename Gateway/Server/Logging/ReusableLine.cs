using System.Text;
using Serilog.Events;
using Serilog.Formatting;

namespace Lab.Gateway.Logging;

/// <summary>
/// One formatting buffer per thread for the log sinks (the logger's one background writer calls them
/// in turn): an event is formatted into it, written, and the buffer reused for the next, so a line
/// costs no allocation beyond its text. A buffer grown by one huge event is let go.
/// </summary>
internal static class ReusableLine
{
    private const int KeptChars = 64 * 1024;

    [ThreadStatic]
    private static StringWriter? _writer;

    /// <summary>The event's text; valid until the next call on this thread.</summary>
    public static StringBuilder Format(ITextFormatter formatter, LogEvent logEvent)
    {
        var writer = _writer ??= new StringWriter();
        var text = writer.GetStringBuilder();
        text.Clear();
        formatter.Format(logEvent, writer);
        if (text.Capacity > KeptChars)
            _writer = null; // this text stays valid; the next call starts a small buffer
        return text;
    }
}
