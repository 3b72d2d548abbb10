using System.Collections.Concurrent;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Lab.Gateway.Logging;

/// <summary>
/// <c>conn/&lt;N&gt;.log</c>, one file per connection, without a descriptor per live connection
/// (sockets and files share one limit, and Serilog.Sinks.Map keeps every mapped file open): lines
/// are buffered per connection and appended by one background writer (open, append, close) when
/// <c>do_terminate</c> is written or the buffer grows large.
/// </summary>
public sealed class PerConnectionFileSink : ILogEventSink, IDisposable
{
    private const int FlushThresholdChars = 16 * 1024;

    private readonly string _directory;
    private readonly ITextFormatter _formatter;
    private readonly ConcurrentDictionary<long, StringWriter> _buffers = new();
    private readonly Channel<(long PortId, string Text)> _pending = Channel.CreateUnbounded<(long, string)>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _writeFailures;

    public PerConnectionFileSink(string directory, ITextFormatter formatter)
    {
        _directory = directory;
        _formatter = formatter;
        Directory.CreateDirectory(directory);
        _writer = Task.Run(WriteLoopAsync);
    }

    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    public static string FileFor(string directory, long portId) => Path.Combine(directory, $"{portId}.log");

    public void Emit(LogEvent logEvent)
    {
        if (!logEvent.Properties.TryGetValue("portId", out var value) || value is not ScalarValue { Value: long portId })
            return;
        var eventId = EventIdOf(logEvent);
        if (eventId is GatewayLog.ListenId)
            return;

        var buffer = _buffers.GetOrAdd(portId, _ => new StringWriter());
        string? ready = null;
        lock (buffer)
        {
            _formatter.Format(logEvent, buffer);
            var sb = buffer.GetStringBuilder();
            if (eventId == GatewayLog.DoTerminateId || sb.Length >= FlushThresholdChars)
            {
                ready = sb.ToString();
                sb.Clear();
            }
        }
        if (eventId == GatewayLog.DoTerminateId)
            _buffers.TryRemove(portId, out _);
        if (ready is not null)
            _pending.Writer.TryWrite((portId, ready));
    }

    private static int? EventIdOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id)
        && id is StructureValue s
        && s.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int n }
            ? n
            : null;

    private async Task WriteLoopAsync()
    {
        await foreach (var (portId, text) in _pending.Reader.ReadAllAsync())
        {
            try
            {
                AppendOnlyFile.Append(FileFor(_directory, portId), System.Text.Encoding.UTF8.GetBytes(text));
            }
            catch (IOException)
            {
                Interlocked.Increment(ref _writeFailures);
            }
        }
    }

    /// <summary>Writes what is still buffered (connections alive at shutdown) and waits for the writer.</summary>
    public void Dispose()
    {
        foreach (var (portId, buffer) in _buffers)
        {
            lock (buffer)
            {
                if (buffer.GetStringBuilder().Length > 0)
                    _pending.Writer.TryWrite((portId, buffer.ToString()));
            }
        }
        _buffers.Clear();
        _pending.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }
}
