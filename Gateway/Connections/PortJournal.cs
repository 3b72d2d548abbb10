using System.Globalization;
using System.Text;

namespace Lab.Gateway.Connections;

/// <summary>
/// <c>ports.log</c>: one tab-separated line per allocated port id (id, UTC time, what took it,
/// detail), so every gap in a sequence of ids has an explanation. Buffered and flushed on a timer
/// and at dispose; a write failure is counted, never thrown at a connection.
/// </summary>
public sealed class PortJournal : IDisposable
{
    public const string FileName = "ports.log";

    private readonly StreamWriter _writer;
    private readonly Timer _flushTimer;
    private readonly Lock _lock = new();
    private long _writeFailures;

    public PortJournal(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false));
        _writer.WriteLine("# portId\ttime\ttakenBy\tdetail");
        _flushTimer = new Timer(_ => Flush(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }

    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    public void Record(long portId, string takenBy, string detail)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{PortIdAllocator.Format(portId)}\t{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}\t{takenBy}\t{detail}");
        lock (_lock)
        {
            try { _writer.WriteLine(line); }
            catch (IOException) { _writeFailures++; }
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            try { _writer.Flush(); }
            catch (IOException) { _writeFailures++; }
        }
    }

    public void Dispose()
    {
        _flushTimer.Dispose();
        Flush();
        lock (_lock)
        {
            try { _writer.Dispose(); }
            catch (IOException) { _writeFailures++; }
        }
    }
}
