using Microsoft.AspNetCore.Http.Features;
using System.Buffers;
using Lab.Framing;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
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
internal sealed class FramedConnectionHandler(
    PacketReader reader, IFrameResponder responder, HeadErrorRejection rejection, OutputLimits limits,
    ILogger<FramedConnectionHandler> logger)
    : ConnectionHandler
{
    // Enough of a bad head to recognise its origin (a TLS ClientHello's version sits at offset 9).
    private const int HeadBytesKept = 16;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var record = connection.Features.GetRequiredFeature<ConnectionRecord>();
        record.WakeOnStop(connection.Transport.Input, connection.Transport.Output);
        using var stopRegistration = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?
            .ConnectionClosedRequested.Register(() => record.RequestStop(TerminateReason.Shutdown));
        // A reset or Kestrel's abort at shutdown's deadline goes on to the connection record middleware, the one
        // place that catches them and finishes an ending; a connection that ended in its own flow is closed here,
        // waiting (up to the send timeout) for the peer to take what is queued.
        await ServeAsync(connection, record);
        await connection.Transport.Output.CompleteAsync();
        await connection.Transport.Input.CompleteAsync();
        await OutputDrain.LetGoAsync(connection, record, limits.SendTimeout);
    }

    private async Task ServeAsync(ConnectionContext connection, ConnectionRecord record)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        while (true)
        {
            var result = await input.ReadAsync();
            if (result.IsCanceled)
            {
                record.Stopped();
                return;
            }

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
            // The frame timeout runs from the header of the frame now in progress.
            if (frames > 0 || read.Status != PacketReadStatus.NeedBody)
                record.NoFrameInProgress();
            if (read.Status == PacketReadStatus.NeedBody)
                record.FrameInProgress();

            if (read.Status == PacketReadStatus.HeadError)
            {
                var head = buffer.Slice(0, Math.Min(HeadBytesKept, buffer.Length)).ToArray();
                input.AdvanceTo(buffer.End);
                if (frames > 0 && !await OutputDrain.FlushAsync(connection, record))
                    return;
                await rejection.RejectAsync(connection, record, read.HeadError, head);
                return;
            }

            if (outputFull)
                input.AdvanceTo(buffer.Start); // the rest is read again once the echoes are taken
            else
                // Consumed up to the last whole frame; examined everything, so the next read waits for more
                // (the reader's own positions, as Bedrock's protocol reader hands them on).
                input.AdvanceTo(read.Consumed, read.Examined);
            if (frames > 0 && !await OutputDrain.FlushAsync(connection, record))
                return;

            if (result.IsCompleted && !outputFull)
            {
                record.PeerClosed();
                return;
            }
        }
    }
}
