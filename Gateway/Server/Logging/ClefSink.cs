using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Lab.Gateway.Logging;

/// <summary>
/// gateway.clef through the same rolling, retention and failure counting as gateway.log and ports.log
/// (Serilog's file sink rolls with names and deletions of its own, silently).
/// </summary>
internal sealed class ClefSink(ITextFormatter formatter, BufferedLogFile file) : ILogEventSink
{
    public void Emit(LogEvent logEvent) => file.Write(ReusableLine.Format(formatter, logEvent));
}
