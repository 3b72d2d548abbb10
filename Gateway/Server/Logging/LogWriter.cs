using Serilog.Core;
using Serilog.Events;

namespace Lab.Gateway.Logging;

/// <summary>
/// The logs' one background writer: Serilog's events and the typed <see cref="ConnectionLine"/>s go into one
/// queue, in the order they were logged, and one thread formats and writes them, so a connection's thread only
/// queues. A full queue makes the caller wait rather than drop a line; <see cref="Dispose"/> drains it. What a
/// sink throws on one event is counted (<see cref="SinkFailureCount"/>) and the writer goes on.
/// </summary>
internal sealed class LogWriter : ILogEventSink, IDisposable
{
    private const int Capacity = 100_000;

    private readonly Action<LogEvent> _writeEvent;
    private readonly Action<ConnectionLine> _writeLine;
    private readonly SinkFailureCount _failures;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private List<object> _queued = [];
    private List<object> _writing = [];
    private bool _writerWaiting;
    private int _callersWaiting;
    private bool _completed;

    public LogWriter(Action<LogEvent> writeEvent, Action<ConnectionLine> writeLine, SinkFailureCount failures)
    {
        _writeEvent = writeEvent;
        _writeLine = writeLine;
        _failures = failures;
        _thread = new Thread(Run) { IsBackground = true, Name = "gateway log writer" };
        _thread.Start();
    }

    public void Emit(LogEvent logEvent) => Enqueue(logEvent);

    public void Write(ConnectionLine line) => Enqueue(line);

    private void Enqueue(object item)
    {
        lock (_gate)
        {
            while (_queued.Count >= Capacity && !_completed)
            {
                _callersWaiting++;
                Monitor.Wait(_gate);
                _callersWaiting--;
            }
            if (_completed)
            {
                _failures.Add(1); // logged after the logs closed: never written
                return;
            }
            _queued.Add(item);
            if (_writerWaiting)
                Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                while (_queued.Count == 0)
                {
                    if (_completed)
                        return;
                    _writerWaiting = true;
                    Monitor.Wait(_gate);
                    _writerWaiting = false;
                }
                (_queued, _writing) = (_writing, _queued);
                if (_callersWaiting > 0)
                    Monitor.PulseAll(_gate);
            }
            foreach (var item in _writing)
                WriteOne(item);
            _writing.Clear();
            // Under load, waking this thread for each event cost more than writing it: a short nap lets a
            // millisecond's events gather into one batch, and a caller wakes the writer only when it sleeps in Wait.
            Thread.Sleep(1);
        }
    }

    private void WriteOne(object item)
    {
        try
        {
            if (item is ConnectionLine line)
                _writeLine(line);
            else
                _writeEvent((LogEvent)item);
        }
        catch (Exception)
        {
            // A value that cannot be formatted, or a sink's fault: that event is lost and counted, the next ones are written.
            _failures.Add(1);
        }
    }

    /// <summary>Writes what is queued, then stops the thread; later events are counted as failures.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
        if (Thread.CurrentThread != _thread)
            _thread.Join();
    }
}
