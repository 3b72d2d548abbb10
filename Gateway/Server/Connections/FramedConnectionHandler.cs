using Microsoft.AspNetCore.Http.Features;
using System.Buffers;
using System.IO.Pipelines;
using Lab.Framing;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Lab.Logs;

namespace Lab.Gateway.Connections;

/// <summary>
/// The frame port's handler, kept thin: read, parse with <see cref="PacketReader"/>, hand frames to the
/// <see cref="IFrameResponder"/>, hand a bad head and its bytes to <see cref="HeadErrorRejection"/>, and
/// tell the connection's <see cref="ConnectionRecord"/> what ended it. Its writes are bounded by
/// <see cref="OutputLimits"/>: a peer that stops reading stops being read, and cannot hold the
/// connection past the send timeout, another timeout or shutdown.
/// </summary>
/// <remarks>An idle connection waits in one async method, and what it keeps across that wait is only what the
/// next read needs: its state machine is held for every connection for as long as the connection lives (the
/// idle-memory row, docs/performance.md), so what one read does with its bytes is a plain method.</remarks>
internal sealed class FramedConnectionHandler(
    PacketReader reader, IFrameResponder responder, HeadErrorRejection rejection, OutputLimits limits, SchedulingByLoad scheduling,
    ILogger<FramedConnectionHandler> logger)
    : ConnectionHandler
{
    // Enough of a bad head to recognise its origin (a TLS ClientHello's version sits at offset 9).
    private const int HeadBytesKept = 16;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var record = connection.Features.GetRequiredFeature<ConnectionRecord>();
        // Shutdown reaches the connection through its record (ConnectionRegistry.BeginStopping, which the host calls
        // before it stops the servers; a connection recorded after that is stopped as it is recorded), waking this
        // read or write: a registration on the connection's own close token would cost every connection one for as
        // long as it lives.
        record.WakeOnStop(connection.Transport.Input, connection.Transport.Output);
        // A reset goes on to the connection record middleware, the one place that catches it and finishes an ending
        // (shutdown's deadline resets what is left through the registry); a connection that ended in its own flow is
        // closed here.
        // The transport is asked for again after each wait rather than kept across it, as is all but the next step.
        var firstRead = true;
        while (true)
        {
            var result = await connection.Transport.Input.ReadAsync();
            if (scheduling.HopAfterRead(firstRead))
                await scheduling.Hop(); // queues this method's own cached continuation: no allocation per read
            firstRead = false;
            if (result.IsCanceled)
            {
                record.Stopped();
                break;
            }

            var next = Consume(record, connection.Transport, result, out var echoed, out var rejected);
            // The frames echoed before a bad head go out first.
            if (echoed && !await OutputDrain.FlushAsync(connection, record))
                break;
            if (next == AfterRead.Reject)
            {
                await rejection.RejectAsync(connection, record, rejected.Error, rejected.Head);
                break;
            }
            if (next == AfterRead.PeerClosed)
            {
                record.PeerClosed();
                break;
            }
        }
        await CloseAsync(connection, record);
    }

    /// <summary>Closes a connection that ended in its own flow, waiting (up to the send timeout) for the peer to
    /// take what is queued.</summary>
    private async Task CloseAsync(ConnectionContext connection, ConnectionRecord record)
    {
        await connection.Transport.Output.CompleteAsync();
        await connection.Transport.Input.CompleteAsync();
        await OutputDrain.LetGoAsync(connection, record, limits.SendTimeout);
    }

    /// <summary>Echoes the whole frames of one read, up to the output's bound, and advances the input past
    /// them; says what follows once they are flushed (<paramref name="echoed"/>).</summary>
    private AfterRead Consume(ConnectionRecord record, IDuplexPipe transport, in ReadResult result, out bool echoed, out BadHead rejected)
    {
        var input = transport.Input;
        var output = transport.Output;
        var buffer = result.Buffer;
        var frames = 0;
        var outputFull = false;
        PacketReadResult read;
        while ((read = reader.Read(buffer)).Status == PacketReadStatus.Frame)
        {
            // Flush before a batch passes its half of the bound (the transport may still hold the other half):
            // what a peer that does not read can make us hold. A frame larger than that goes whole, alone.
            if (frames > 0 && output.UnflushedBytes + reader.HeaderSize + read.Payload.Length > limits.BatchBytes)
            {
                outputFull = true;
                break;
            }
            responder.Respond(read.Payload, output);
            if (logger.IsEnabled(LogLevel.Debug))
                logger.Frame(record.PortId, record.Peer, read.Payload.Length);
            frames++;
            buffer = buffer.Slice(read.Consumed);
        }
        record.FramesEchoed(frames);
        echoed = frames > 0;
        // The frame timeout runs from the header of the frame now in progress.
        if (frames > 0 || read.Status != PacketReadStatus.NeedBody)
            record.NoFrameInProgress();
        if (read.Status == PacketReadStatus.NeedBody)
            record.FrameInProgress();

        if (read.Status == PacketReadStatus.HeadError)
        {
            rejected = new BadHead(read.HeadError, buffer.Slice(0, Math.Min(HeadBytesKept, buffer.Length)).ToArray());
            input.AdvanceTo(buffer.End);
            return AfterRead.Reject;
        }

        rejected = default;
        if (outputFull)
            input.AdvanceTo(buffer.Start); // the rest is read again once the echoes are taken
        else
            // Consumed up to the last whole frame; examined everything, so the next read waits for more
            // (the reader's own positions, as Bedrock's protocol reader hands them on).
            input.AdvanceTo(read.Consumed, read.Examined);
        return result.IsCompleted && !outputFull ? AfterRead.PeerClosed : AfterRead.ReadMore;
    }

    private enum AfterRead
    {
        ReadMore,
        PeerClosed,
        Reject,
    }

    /// <summary>A head that is not a frame, and its first bytes.</summary>
    private readonly record struct BadHead(HeadError Error, byte[] Head);
}
