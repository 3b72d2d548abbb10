using System.Text;

namespace Lab.Gateway.Logging;

/// <summary>
/// An append-only text file written through a buffer and flushed to the kernel every interval (and
/// at dispose). It rolls by size (<see cref="LogRolling"/>, names in <see cref="RolledLogSet"/>) and
/// deletes its oldest rolled files beyond the retained count, reporting each deletion through
/// <c>deleted</c> (called outside its lock, so it may write to another log). A full or read-only disk
/// is counted, never thrown at the caller: the gateway keeps serving and says at exit that its logs
/// are incomplete.
/// </summary>
internal sealed class BufferedLogFile : IDisposable
{
    private const int WriterBufferChars = 64 * 1024;

    private readonly string _path;
    private readonly LogRolling _rolling;
    private readonly string? _header;
    private readonly Action<string>? _deleted;
    private readonly Timer _flush;
    private readonly Lock _gate = new();
    private StreamWriter? _writer;
    private long _nextRoll;
    private long _size; // the file's length at open plus the characters written since: bytes, as every line is ASCII
    private long _writeFailures;
    private long _rolls;
    private bool _disposed;

    /// <param name="header">Written at the top of every new file of the set (e.g. the column names).</param>
    public BufferedLogFile(string path, TimeSpan flushInterval, LogRolling? rolling = null, string? header = null, Action<string>? deleted = null)
    {
        _path = path;
        _rolling = rolling ?? LogRolling.Never;
        _header = header;
        _deleted = deleted;
        _nextRoll = RolledLogSet.LastNumber(path) + 1;
        _writer = Open(throwOnFailure: true);
        _flush = new Timer(_ => Flush(), null, flushInterval, flushInterval);
    }

    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Files this log rolled into during this process.</summary>
    public long Rolls => Interlocked.Read(ref _rolls);

    public void WriteLine(string line) => Append(null, line);

    public void Write(StringBuilder text) => Append(text, null);

    /// <summary>One line (with its newline) or one formatted text, then a roll if the file is full.</summary>
    private void Append(StringBuilder? text, string? line)
    {
        List<string>? deleted;
        lock (_gate)
        {
            if (_disposed)
                return;
            if (_writer is null)
            {
                Interlocked.Increment(ref _writeFailures); // the file could not be reopened after a roll
                return;
            }
            try
            {
                if (line is not null)
                {
                    _writer.Write(line);
                    _writer.Write('\n');
                    _size += line.Length + 1;
                }
                else
                {
                    foreach (var chunk in text!.GetChunks())
                        _writer.Write(chunk.Span);
                    _size += text.Length;
                }
            }
            catch (IOException)
            {
                Interlocked.Increment(ref _writeFailures);
            }
            deleted = RollIfFull();
        }
        Report(deleted);
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (_disposed || _writer is null)
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
                _writer?.Dispose();
            }
            catch (IOException)
            {
                // The last flush failed already and was counted.
            }
        }
    }

    private StreamWriter? Open(bool throwOnFailure = false)
    {
        try
        {
            // bufferSize 1: the StreamWriter is the only buffer.
            var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), WriterBufferChars);
            _size = stream.Length;
            if (_header is not null && stream.Length == 0)
            {
                writer.Write(_header);
                writer.Write('\n');
                _size += _header.Length + 1;
            }
            return writer;
        }
        catch (Exception e) when (!throwOnFailure && e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _writeFailures);
            return null;
        }
    }

    /// <summary>Rolls after the line that brings the file to the limit: a file ends at most one line past it.
    /// The size is counted in characters, which are bytes here: the gateway escapes anything a peer sent
    /// before logging it, so every line is ASCII. Called under the lock.</summary>
    private List<string>? RollIfFull()
    {
        if (_writer is null || _size < _rolling.MaxBytes)
            return null;
        try
        {
            _writer.Dispose();
            File.Move(_path, RolledLogSet.RolledPath(_path, _nextRoll++));
            Interlocked.Increment(ref _rolls);
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _writeFailures);
        }
        _writer = Open();
        if (_rolling.Retain <= 0)
            return null;
        var deleted = new List<string>();
        var rolled = RolledLogSet.Rolled(_path);
        foreach (var (_, old) in rolled.Take(Math.Max(0, rolled.Count - (_rolling.Retain - 1))))
        {
            try
            {
                File.Delete(old);
                deleted.Add(old);
            }
            catch (IOException)
            {
                Interlocked.Increment(ref _writeFailures);
            }
        }
        return deleted;
    }

    private void Report(List<string>? deleted)
    {
        foreach (var path in deleted ?? [])
            _deleted?.Invoke(path);
    }
}
