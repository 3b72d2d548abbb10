using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Lab.Gateway.Logging;

/// <summary>
/// The run directory's logs: <c>gateway.log</c> (text), <c>gateway.clef</c> (compact JSON, what the
/// analyzer reads) and <c>conn/&lt;N&gt;.log</c> per connection, all with millisecond timestamps.
/// </summary>
public sealed class GatewayLogging : IDisposable
{
    public const string TextLog = "gateway.log";
    public const string JsonLog = "gateway.clef";
    public const string ConnectionDirectory = "conn";
    private const string OutputTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    private readonly PerConnectionFileSink _perConnection;

    public GatewayLogging(string runDirectory, LogEventLevel minimumLevel)
    {
        _perConnection = new PerConnectionFileSink(Path.Combine(runDirectory, ConnectionDirectory),
            new MessageTemplateTextFormatter(OutputTemplate));
        Logger = new LoggerConfiguration()
            .MinimumLevel.Is(minimumLevel)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // Kestrel logs a client's reset or bad request below Warning; those are the lab's subject, not faults.
            .MinimumLevel.Override("Microsoft.AspNetCore.Server.Kestrel", LogEventLevel.Error)
            .WriteTo.File(Path.Combine(runDirectory, TextLog), outputTemplate: OutputTemplate,
                buffered: true, flushToDiskInterval: TimeSpan.FromMilliseconds(500))
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(runDirectory, JsonLog),
                buffered: true, flushToDiskInterval: TimeSpan.FromMilliseconds(500))
            .WriteTo.Sink(_perConnection)
            .CreateLogger();
    }

    public Logger Logger { get; }

    public long WriteFailures => _perConnection.WriteFailures;

    public void Dispose()
    {
        Logger.Dispose();
        _perConnection.Dispose();
    }
}
