using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using Serilog.Parsing;
using Lab.Logs;

namespace Lab.Gateway.Logging;

/// <summary>
/// The run directory's logs: <c>gateway.log</c> (text), <c>gateway.clef</c> (compact JSON, what the
/// analyzer reads), and with <see cref="LogFileOptions.ConnectionFiles"/> <c>conn/&lt;N&gt;.log</c> per
/// connection, all with millisecond timestamps. The number of files does not grow with the number of
/// connections unless per-connection files are asked for; each log rolls by size and keeps a bounded
/// number of files (<see cref="LogRolling"/>).
/// </summary>
internal sealed class GatewayLogging : IDisposable
{
    // UTC, marked with Z, like ports.log and gateway.clef: a log read on another machine, or next to
    // another host's, means the same instant.
    private const string OutputTemplate = "{UtcTimestamp:" + LogContract.TextTimestampFormat + "}Z [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    private readonly PerConnectionFiles? _perConnection;
    private readonly BufferedLogFile _textLog;
    private readonly BufferedLogFile _jsonLog;
    private readonly LogRolling _rolling;
    private readonly CompactJsonFormatter _jsonFormatter = new();
    private readonly ConnectionLineFormatter _lineFormatter = new();
    private readonly LogWriter _writer;
    // Serilog's sinks never throw at the caller; they report failures. Count them: a full or read-only
    // disk, or a line that cannot be formatted, must be visible and must not stop the gateway.
    private readonly SinkFailureCount _sinkFailures = new();

    public GatewayLogging(string runDirectory, LogEventLevel minimumLevel, LogFileOptions? files = null)
    {
        files ??= new LogFileOptions();
        _rolling = files.Rolling;
        if (files.ConnectionFiles)
            _perConnection = new PerConnectionFiles(Path.Combine(runDirectory, RunFiles.ConnectionDirectory));
        _textLog = new BufferedLogFile(Path.Combine(runDirectory, RunFiles.TextLog), TimeSpan.FromMilliseconds(500), _rolling, deleted: NoteDeletion);
        _jsonLog = new BufferedLogFile(Path.Combine(runDirectory, RunFiles.JsonLog), TimeSpan.FromMilliseconds(500), _rolling, deleted: NoteJsonLogDeletion,
            countWhenLost: line => line.Contains(ConnectionEndNeedle, StringComparison.Ordinal));
        var text = new TextLineSink(new MessageTemplateTextFormatter(OutputTemplate), _textLog, _perConnection);
        var json = new ClefSink(_jsonFormatter, _jsonLog);
        // Formatting and writing happen on one background thread, in the order events were logged: a
        // connection's code (on an I/O thread with inline scheduling) only queues its events.
        _writer = new LogWriter(logEvent =>
        {
            try
            {
                text.Emit(logEvent);
            }
            finally
            {
                json.Emit(logEvent); // gateway.clef, the log the analysis reads, whatever gateway.log's line did
            }
        }, WriteConnectionLine, _sinkFailures);
        Connections = new ConnectionLog(_writer, minimumLevel);
        Logger = new LoggerConfiguration()
            .MinimumLevel.Is(minimumLevel)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // Kestrel logs a client's reset or bad request below Warning; those are the lab's subject, not faults.
            .MinimumLevel.Override("Microsoft.AspNetCore.Server.Kestrel", LogEventLevel.Error)
            .WriteTo.Fallible(fallible => fallible.Sink(_writer), _sinkFailures)
            .CreateLogger();
    }

    public Logger Logger { get; }

    /// <summary>The events every connection logs, written without Serilog into the same files and queue.</summary>
    public ConnectionLog Connections { get; }

    /// <summary>On the writer's thread, which alone uses <see cref="_lineFormatter"/>.</summary>
    private void WriteConnectionLine(ConnectionLine line)
    {
        _lineFormatter.Format(line);
        _textLog.Write(_lineFormatter.Text);
        _perConnection?.Add(line.PortId, line.Shape.EventId, _lineFormatter.Text);
        _jsonLog.Write(_lineFormatter.Clef);
    }

    // One do_terminate per connection: a lost one is a connection gateway.clef lacks.
    private static readonly string ConnectionEndNeedle = $"\"{LogContract.ClefEventIdName}\":\"{LogContract.Names.DoTerminate}\"";

    /// <summary>Lines of gateway.log and gateway.clef that never reached the disk.</summary>
    public long LinesLost => _textLog.LinesLost + _jsonLog.LinesLost;

    /// <summary>Connections whose do_terminate never reached gateway.clef, the log the analysis reads.</summary>
    public long ConnectionsUnlogged => _jsonLog.CountedLinesLost;

    /// <summary>Failed writes: per-connection files, gateway.log, gateway.clef, and events this logger's sinks failed on.</summary>
    public long WriteFailures => (_perConnection?.WriteFailures ?? 0) + _textLog.WriteFailures + _jsonLog.WriteFailures + _sinkFailures.Events;

    /// <summary>One line in gateway.log per file that retention deleted, written straight to the file (not through
    /// the logger, whose background writer may be the one rolling).</summary>
    public void NoteDeletion(string path)
    {
        var message = LogContract.Templates.LogRetention
            .Replace("{deleted}", Path.GetFileName(path))
            .Replace("{retain}", _rolling.Retain.ToString(CultureInfo.InvariantCulture))
            .Replace("{maxBytes}", _rolling.MaxBytes.ToString(CultureInfo.InvariantCulture));
        _textLog.WriteLine($"{DateTime.UtcNow.ToString(LogContract.TextTimestampFormat, CultureInfo.InvariantCulture)}Z [WRN] {message}");
    }

    /// <summary>A gateway.clef file deleted: the line in gateway.log, and the same note as an event in gateway.clef
    /// itself, so that log's own files say what of it is gone. With <c>--log-retain 1</c> no rolled file is left
    /// to number from, and gateway.log's note may have rolled away with gateway.log: the event, written right
    /// after the roll, opens the new gateway.clef (<see cref="RolledLogSet.DeletedBefore"/> reads it there).</summary>
    private void NoteJsonLogDeletion(string path)
    {
        NoteDeletion(path);
        var properties = new[]
        {
            new LogEventProperty("deleted", new ScalarValue(Path.GetFileName(path))),
            new LogEventProperty("retain", new ScalarValue(_rolling.Retain)),
            new LogEventProperty("maxBytes", new ScalarValue(_rolling.MaxBytes)),
            new LogEventProperty(LogContract.ClefEventId, new StructureValue([
                new LogEventProperty("Id", new ScalarValue(GatewayLog.LogRetentionId)),
                new LogEventProperty(LogContract.ClefEventIdName, new ScalarValue(LogContract.Names.LogRetention))])),
        };
        var note = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Warning, null, new MessageTemplateParser().Parse(LogContract.Templates.LogRetention), properties);
        var line = new StringWriter();
        _jsonFormatter.Format(note, line); // ends with its newline, like every event the sink writes
        _jsonLog.Write(line.GetStringBuilder());
    }

    public void Dispose()
    {
        try
        {
            Logger.Dispose();
            _writer.Dispose(); // drains the queue: its connection lines too
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AggregateException)
        {
            // The sinks' last flush hit a full or read-only disk: count it, never crash on the way out.
            _sinkFailures.Add(1);
        }
        _jsonLog.Dispose();
        _textLog.Dispose();
        _perConnection?.Dispose();
    }
}
