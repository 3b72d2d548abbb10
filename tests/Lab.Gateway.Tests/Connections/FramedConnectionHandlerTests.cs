using System.IO.Pipelines;
using Lab.Framing;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;
using Lab.Gateway.Middleware;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Lab.Logs;

namespace Lab.Gateway.Tests.Connections;

/// <summary>The frame handler over in-memory pipes, the output pipe pausing as Kestrel's transport is set to:
/// a peer that never reads gets at most --max-pending-output queued, however many frames it sends, and a
/// stop reaches the waiting write.</summary>
public class FramedConnectionHandlerTests
{
    [Theory]
    [InlineData(64 * 1024, 1000)]
    [InlineData(64 * 1024, 30_000)]
    [InlineData(16 * 1024, 100)]
    public async Task APeerThatNeverReadsGetsAtMostTheBoundQueued(int bound, int frameBytes)
    {
        var limits = new OutputLimits(bound, TimeSpan.FromMinutes(1));
        var input = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false)); // the peer's 1 MiB arrive whatever is read
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: limits.TransportPauseBytes, resumeWriterThreshold: limits.TransportPauseBytes / 2,
            useSynchronizationContext: false));
        var record = new ConnectionRecord(7, ListenerKind.Frames, "c7", null, null);
        var context = new DefaultConnectionContext("c7", new DuplexPipe(input.Reader, output.Writer), new DuplexPipe(output.Reader, input.Writer));
        context.Features.Set(record);
        var handler = new FramedConnectionHandler(new PacketReader(4, 65536), new EchoResponder(4),
            new HeadErrorRejection(RejectPolicy.Fin, 4, ConnectionLog.Discarding), limits, SchedulingByLoad.Inline, NullLogger<FramedConnectionHandler>.Instance);

        var serving = handler.OnConnectedAsync(context);
        var frame = PacketWriter.Encode(new byte[frameBytes], 4);
        for (var sent = 0; sent < 1024 * 1024; sent += frame.Length)
            await input.Writer.WriteAsync(frame);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (record.SendBlockedSinceMs == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10);

        Assert.NotEqual(0, record.SendBlockedSinceMs);
        Assert.True(output.Reader.TryRead(out var queued));
        Assert.InRange(queued.Buffer.Length, limits.TransportPauseBytes, bound);
        output.Reader.AdvanceTo(queued.Buffer.Start); // looked, not taken

        record.RequestStop(TerminateReason.SendTimeout);
        await serving.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(TerminateReason.SendTimeout, record.End(gatewayStopping: false).Reason);
    }

    /// <summary>The in-memory pipe runs a waiting reader inside the writer's flush, as Kestrel's inline transport does
    /// inside its receive loop: a handler that goes on there responds within the flush, one that hops does not. A
    /// connection's first read is answered where it completed, whatever the load.</summary>
    [Theory]
    [InlineData(1, 2, false)] // one open, up to two hop
    [InlineData(2, 2, false)]
    [InlineData(3, 2, true)] // past the bound: inline
    [InlineData(1, 0, true)] // 0: always inline
    public async Task AFrameAfterTheFirstIsAnsweredInlineOnlyWhenMoreConnectionsAreOpenThanTheBound(int open, int hopUpTo, bool inline)
    {
        var registry = new ConnectionRegistry();
        var record = new ConnectionRecord(7, ListenerKind.Frames, "c7", null, null);
        registry.Add(record);
        for (var i = 1; i < open; i++)
            registry.Add(new ConnectionRecord(7 + i, ListenerKind.Frames, $"c{7 + i}", null, null));
        var input = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        var output = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var context = new DefaultConnectionContext("c7", new DuplexPipe(input.Reader, output.Writer), new DuplexPipe(output.Reader, input.Writer));
        context.Features.Set(record);
        var responder = new WhereAnswered();
        using var scheduling = new SchedulingByLoad(registry, hopUpTo);
        var handler = new FramedConnectionHandler(new PacketReader(4, 65536), responder,
            new HeadErrorRejection(RejectPolicy.Fin, 4, ConnectionLog.Discarding), new OutputLimits(64 * 1024, TimeSpan.FromMinutes(1)),
            scheduling, NullLogger<FramedConnectionHandler>.Instance);

        var serving = handler.OnConnectedAsync(context);
        for (var frame = 0; frame < 3; frame++)
        {
            WhereAnswered.InsideFlush = true;
            await input.Writer.WriteAsync(PacketWriter.Encode([1, 2, 3], 4));
            WhereAnswered.InsideFlush = false;
            var echo = await output.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            output.Reader.AdvanceTo(echo.Buffer.End);
        }
        await input.Writer.CompleteAsync();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([true, inline, inline], responder.Inline);
        // Not inline: on the gateway's hop thread, not one of the pool's.
        Assert.Equal(["inline", .. Enumerable.Repeat(inline ? "inline" : "gateway hop", 2)], responder.Threads);
    }

    private sealed class WhereAnswered : IFrameResponder
    {
        [ThreadStatic]
        public static bool InsideFlush;

        public List<bool> Inline { get; } = [];
        public List<string> Threads { get; } = [];

        public void Respond(in System.Buffers.ReadOnlySequence<byte> payload, PipeWriter output)
        {
            lock (Inline)
            {
                Inline.Add(InsideFlush);
                Threads.Add(InsideFlush ? "inline" : Thread.CurrentThread.Name ?? "unnamed");
            }
            new EchoResponder(4).Respond(payload, output);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
