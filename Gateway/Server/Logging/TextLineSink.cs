using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Lab.Gateway.Logging;

/// <summary>
/// gateway.log and, with <c>--conn-files</c>, a connection's <c>conn/&lt;N&gt;.log</c> carry the same
/// line for every event about that connection: it is formatted once, here, for both (formatting each
/// event twice cost reject cycles per second with a file per connection; docs/performance.md has the run).
/// </summary>
internal sealed class TextLineSink(ITextFormatter formatter, BufferedLogFile gatewayLog, PerConnectionFiles? perConnection) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var text = ReusableLine.Format(formatter, logEvent);
        gatewayLog.Write(text);
        perConnection?.Add(logEvent, text);
    }
}
