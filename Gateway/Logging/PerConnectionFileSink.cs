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
    private const int FlushThresholdBytes = 16 * 1024;

    [ThreadStatic]
    private static StringWriter? _line;

    private readonly string _directory;
    private readonly ITextFormatter _formatter;
    private readonly ConcurrentDictionary<long, LineBuffer> _buffers = new();
    private readonly Channel<(long PortId, ReadOnlyMemory<byte> Bytes)> _pending = Channel.CreateUnbounded<(long, ReadOnlyMemory<byte>)>(
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

        // Formatted on this thread into a reused writer, kept per connection as UTF-8 only.
        var line = _line ??= new StringWriter();
        var sb = line.GetStringBuilder();
        sb.Clear();
        _formatter.Format(logEvent, line);

        var buffer = _buffers.GetOrAdd(portId, _ => new LineBuffer());
        ReadOnlyMemory<byte>? ready = null;
        lock (buffer)
        {
            foreach (var chunk in sb.GetChunks())
                buffer.Append(chunk.Span);
            if (eventId == GatewayLog.DoTerminateId || buffer.Length >= FlushThresholdBytes)
                ready = buffer.Take();
        }
        if (sb.Capacity > 4 * FlushThresholdBytes)
            _line = null; // one huge event must not stay pinned to this thread
        if (eventId == GatewayLog.DoTerminateId)
            _buffers.TryRemove(portId, out _);
        if (ready is { } bytes)
            _pending.Writer.TryWrite((portId, bytes));
    }

    private static int? EventIdOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id)
        && id is StructureValue s
        && s.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int n }
            ? n
            : null;

    private async Task WriteLoopAsync()
    {
        await foreach (var (portId, bytes) in _pending.Reader.ReadAllAsync())
        {
            try
            {
                AppendOnlyFile.Append(FileFor(_directory, portId), bytes.Span);
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
                if (buffer.Length > 0)
                    _pending.Writer.TryWrite((portId, buffer.Take()));
            }
        }
        _buffers.Clear();
        _pending.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }
}
