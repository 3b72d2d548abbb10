using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Lab.Gateway.Logging;

/// <summary>
/// gateway.clef through the same rolling, retention and failure counting as gateway.log and ports.log
/// (Serilog's file sink rolls with names and deletions of its own, silently).
/// </summary>
public sealed class ClefSink(ITextFormatter formatter, BufferedLogFile file) : ILogEventSink
{
    private const int KeptWriterChars = 64 * 1024;

    [ThreadStatic]
    private static StringWriter? _line;

    public void Emit(LogEvent logEvent)
    {
        var line = _line ??= new StringWriter();
        var text = line.GetStringBuilder();
        text.Clear();
        formatter.Format(logEvent, line);
        file.Write(text);
        if (text.Capacity > KeptWriterChars)
            _line = null;
    }
}
