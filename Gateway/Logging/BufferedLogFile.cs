using System.Text;

namespace Lab.Gateway.Logging;

/// <summary>
/// An append-only text file written through a buffer and flushed to the kernel every interval (and
/// at dispose). A full or read-only disk is counted, never thrown at the caller: the gateway keeps
/// serving and says at exit that its logs are incomplete.
/// </summary>
public sealed class BufferedLogFile : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Timer _flush;
    private readonly Lock _gate = new();
    private long _writeFailures;
    private bool _disposed;

    public BufferedLogFile(string path, TimeSpan flushInterval)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024);
        _flush = new Timer(_ => Flush(), null, flushInterval, flushInterval);
    }

    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    public void WriteLine(string line)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            try
            {
                _writer.Write(line);
                _writer.Write('\n');
            }
            catch (IOException)
            {
                Interlocked.Increment(ref _writeFailures);
            }
        }
    }

    public void Write(StringBuilder text)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            try
            {
                foreach (var chunk in text.GetChunks())
                    _writer.Write(chunk.Span);
            }
            catch (IOException)
            {
                Interlocked.Increment(ref _writeFailures);
            }
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            try
            {
                _writer.Flush();
            }
            catch (IOException)
            {
                Interlocked.Increment(ref _writeFailures);
            }
        }
    }

    public void Dispose()
    {
        _flush.Dispose();
        Flush();
        lock (_gate)
        {
            _disposed = true;
            try
            {
                _writer.Dispose();
            }
            catch (IOException)
            {
                // The last flush failed already and was counted.
            }
        }
    }
}
