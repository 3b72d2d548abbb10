using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Serilog.Events;
using Lab.Logs;

namespace Lab.Gateway.Logging;

/// <summary>
/// <c>conn/&lt;N&gt;.log</c>, one file per connection, without a descriptor per live connection
/// (sockets and files share one limit, and Serilog.Sinks.Map keeps every mapped file open): lines
/// are buffered per connection and appended by one background writer (open, append, close) when
/// <c>do_terminate</c> is written or the buffer grows large. The lines come formatted from
/// <see cref="TextLineSink"/>, the same text that goes to gateway.log.
/// </summary>
internal sealed class PerConnectionFiles : IDisposable
{
    private const int FlushThresholdBytes = 16 * 1024;

    private readonly string _directory;
    private readonly ConcurrentDictionary<long, LineBuffer> _buffers = new();
    private readonly Channel<(long PortId, ReadOnlyMemory<byte> Bytes)> _pending = Channel.CreateUnbounded<(long, ReadOnlyMemory<byte>)>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _writeFailures;

    public PerConnectionFiles(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _writer = Task.Run(WriteLoopAsync);
    }

    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    public static string FileFor(string directory, long portId) => Path.Combine(directory, $"{portId}.log");

    /// <summary>Keeps <paramref name="line"/> for the connection the event is about (none: ignored).</summary>
    public void Add(LogEvent logEvent, StringBuilder line)
    {
        if (logEvent.Properties.TryGetValue(LogContract.Fields.PortId, out var value) && value is ScalarValue { Value: long portId }
            && EventIdOf(logEvent) is var eventId and not GatewayLog.ListenId)
            Add(portId, eventId, line);
    }

    /// <summary>Keeps <paramref name="line"/>, of event <paramref name="eventId"/>, for connection <paramref name="portId"/>.</summary>
    public void Add(long portId, int? eventId, StringBuilder line)
    {
        var buffer = _buffers.GetOrAdd(portId, _ => new LineBuffer());
        ReadOnlyMemory<byte>? ready = null;
        lock (buffer)
        {
            foreach (var chunk in line.GetChunks())
                buffer.Append(chunk.Span);
            if (eventId == GatewayLog.DoTerminateId || buffer.Length >= FlushThresholdBytes)
                ready = buffer.Take();
        }
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
