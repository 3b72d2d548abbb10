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
            new HeadErrorRejection(RejectPolicy.Fin, 4, ConnectionLog.Discarding), limits, NullLogger<FramedConnectionHandler>.Instance);

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

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
