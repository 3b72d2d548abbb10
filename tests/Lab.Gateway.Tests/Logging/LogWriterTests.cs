using Lab.Gateway.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace Lab.Gateway.Tests.Logging;

/// <summary>The logs' background writer: Serilog's events and typed lines in the order they were logged, a
/// full queue making the caller wait rather than drop one, everything queued written by dispose, and what is
/// logged after it counted, never written.</summary>
public class LogWriterTests
{
    [Fact]
    public void EventsAndLinesAreWrittenInTheOrderLogged()
    {
        var written = new List<string>();
        var failures = new SinkFailureCount();
        using (var writer = new LogWriter(e => written.Add(e.MessageTemplate.Text), l => written.Add($"line {l.PortId}"), failures))
        {
            for (var i = 0; i < 1000; i++)
            {
                writer.Emit(Event($"event {i}"));
                writer.Write(Line(i));
            }
        }

        Assert.Equal(Enumerable.Range(0, 1000).SelectMany(i => new[] { $"event {i}", $"line {i}" }), written);
        Assert.Equal(0, failures.Events);
    }

    [Fact]
    public async Task AFullQueueMakesTheCallerWaitAndLosesNothing()
    {
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var written = 0;
        var writer = new LogWriter(_ => { }, _ =>
        {
            holding.Set();
            release.Wait();
            Interlocked.Increment(ref written);
        }, new SinkFailureCount());

        // The writer holds the first line; 100,000 more fill the queue; the next caller waits.
        writer.Write(Line(0));
        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
        var logging = Task.Run(() =>
        {
            for (var i = 1; i <= 100_001; i++)
                writer.Write(Line(i));
        });
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(logging.IsCompleted);

        release.Set();
        await logging.WaitAsync(TimeSpan.FromSeconds(30));
        writer.Dispose();
        Assert.Equal(100_002, written);
    }

    [Fact]
    public void WhatIsLoggedAfterDisposeIsCountedNotWritten()
    {
        var written = 0;
        var failures = new SinkFailureCount();
        var writer = new LogWriter(_ => written++, _ => written++, failures);
        writer.Write(Line(1));
        writer.Dispose();
        writer.Write(Line(2));
        writer.Emit(Event("late"));

        Assert.Equal(1, written);
        Assert.Equal(2, failures.Events);
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    private static ConnectionLog.InitOkLine Line(long portId) => new(DateTime.UtcNow, portId, "127.0.0.1:1", "127.0.0.1:2", "frames", $"c{portId}");
}
