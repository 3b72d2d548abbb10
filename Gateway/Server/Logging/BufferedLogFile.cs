using System.Text;
using Microsoft.Win32.SafeHandles;
using Lab.Logs;

namespace Lab.Gateway.Logging;

/// <summary>
/// An append-only text file written through a buffer of whole lines, flushed to the kernel every interval,
/// when the buffer passes 64 KiB, and at dispose. It rolls by size (<see cref="LogRolling"/>, names in
/// <see cref="RolledLogSet"/>) and deletes its oldest rolled files beyond the retained count, reporting each
/// deletion through <c>deleted</c> (called outside its lock, so it may write to another log).
/// A full or read-only disk is counted, never thrown at the caller: the gateway keeps serving and says at
/// exit what its logs lack. A write that fails loses whole lines, never part of one: each write goes at the
/// offset where the last whole write ended, and what a failed write left past it is cut off again, so the
/// next line that does reach the disk starts on a line boundary (a disk that fills mid-write otherwise
/// leaves half a line that the next write fuses with another).
/// </summary>
internal sealed class BufferedLogFile : IDisposable
{
    private const int FlushAtChars = 64 * 1024;

    private readonly string _path;
    private readonly LogRolling _rolling;
    private readonly string? _header;
    private readonly Action<string>? _deleted;
    private readonly Func<string, bool>? _countWhenLost;
    private readonly Timer _flush;
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private byte[] _bytes = [];
    private SafeFileHandle? _file;
    private long _nextRoll;
    private long _size; // bytes written whole: where the next write goes
    private long _writeFailures;
    private long _linesLost;
    private long _countedLost;
    private long _rolls;
    private bool _disposed;

    /// <param name="header">Written at the top of every new file of the set (e.g. the column names).</param>
    /// <param name="countWhenLost">Lines worth counting apart when lost (gateway.clef's <c>do_terminate</c>: one per connection).</param>
    public BufferedLogFile(string path, TimeSpan flushInterval, LogRolling? rolling = null, string? header = null, Action<string>? deleted = null,
        Func<string, bool>? countWhenLost = null)
    {
        _path = path;
        _rolling = rolling ?? LogRolling.Never;
        _header = header;
        _deleted = deleted;
        _countWhenLost = countWhenLost;
        _nextRoll = RolledLogSet.LastNumber(path) + 1;
        _file = Open(throwOnFailure: true);
        _flush = new Timer(_ => Flush(), null, flushInterval, flushInterval);
    }

    /// <summary>Writes that failed (each loses the lines it carried).</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Lines that never reached the file.</summary>
    public long LinesLost => Interlocked.Read(ref _linesLost);

    /// <summary>Of <see cref="LinesLost"/>, those the <c>countWhenLost</c> test picks out.</summary>
    public long CountedLinesLost => Interlocked.Read(ref _countedLost);

    /// <summary>Files this log rolled into during this process.</summary>
    public long Rolls => Interlocked.Read(ref _rolls);

    public void WriteLine(string line) => Append(null, line);

    public void Write(StringBuilder text) => Append(text, null);

    /// <summary>One line (with its newline) or one formatted text, after a roll if the file is full. The roll waits for
    /// a line to come: the last line of a run (its totals) stays in the file being written, where --log-retain 1 keeps it,
    /// and the retention notes the roll reports open the new file, before the line.</summary>
    private void Append(StringBuilder? text, string? line)
    {
        List<string>? deleted;
        lock (_gate)
        {
            if (_disposed)
                return;
            deleted = RollIfFull();
        }
        Report(deleted);
        lock (_gate)
        {
            if (_disposed)
                return;
            if (line is not null)
                _pending.Append(line).Append('\n');
            else
                _pending.Append(text);
            if (_file is null)
            {
                Lose(); // the file could not be reopened after a roll
                return;
            }
            if (_pending.Length >= FlushAtChars || _size + _pending.Length >= _rolling.MaxBytes)
                WritePending();
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
                WritePending();
        }
    }

    public void Dispose()
    {
        _flush.Dispose();
        Flush();
        lock (_gate)
        {
            _disposed = true;
            _file?.Dispose();
            _file = null;
        }
    }

    /// <summary>The pending lines to the file at <see cref="_size"/>, whole or not at all. Called under the lock.</summary>
    private void WritePending()
    {
        if (_pending.Length == 0)
            return;
        if (_file is null)
        {
            Lose();
            return;
        }
        var count = 0;
        var needed = Encoding.UTF8.GetMaxByteCount(_pending.Length);
        if (_bytes.Length < needed)
            _bytes = new byte[Math.Max(needed, FlushAtChars * 3)];
        foreach (var chunk in _pending.GetChunks())
            count += Encoding.UTF8.GetBytes(chunk.Span, _bytes.AsSpan(count));
        try
        {
            RandomAccess.Write(_file, _bytes.AsSpan(0, count), _size);
            _size += count;
            _pending.Clear();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _writeFailures);
            Lose();
            CutBackToTheLastWholeLine();
        }
    }

    /// <summary>Counts the pending lines as lost and lets them go. Called under the lock.</summary>
    private void Lose()
    {
        var text = _pending.ToString();
        _pending.Clear();
        var lines = 0L;
        var counted = 0L;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            lines++;
            if (_countWhenLost?.Invoke(line) == true)
                counted++;
        }
        Interlocked.Add(ref _linesLost, lines);
        Interlocked.Add(ref _countedLost, counted);
    }

    /// <summary>A write that failed part-way left bytes past the last whole line: cut them off (which also gives
    /// their blocks back to a full disk). Not possible on a device, which has no length to cut.</summary>
    private void CutBackToTheLastWholeLine()
    {
        try
        {
            if (RandomAccess.GetLength(_file!) > _size)
                RandomAccess.SetLength(_file!, _size);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The next write goes at _size all the same and overwrites them.
        }
    }

    private SafeFileHandle? Open(bool throwOnFailure = false)
    {
        try
        {
            var file = File.OpenHandle(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _size = RandomAccess.GetLength(file);
            if (_header is not null && _size == 0)
                _pending.Insert(0, _header + "\n");
            return file;
        }
        catch (Exception e) when (!throwOnFailure && e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _writeFailures);
            return null;
        }
    }

    /// <summary>Rolls a file that a line has brought to the limit (the pending lines are written when one does): a file
    /// ends at most one line past it. Called under the lock.</summary>
    private List<string>? RollIfFull()
    {
        if (_file is null || _size < _rolling.MaxBytes)
            return null;
        try
        {
            _file.Dispose();
            File.Move(_path, RolledLogSet.RolledPath(_path, _nextRoll++));
            Interlocked.Increment(ref _rolls);
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _writeFailures);
        }
        _file = Open();
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
