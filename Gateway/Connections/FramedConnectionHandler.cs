using Microsoft.AspNetCore.Http.Features;
using System.IO.Pipelines;
using System.Buffers;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Connections;

/// <summary>
/// The frame port's handler, kept thin: read, parse with <see cref="PacketReader"/>, hand frames to the
/// <see cref="IFrameResponder"/>, hand a bad head to <see cref="HeadErrorRejection"/>, and note how
/// the connection ended in its <see cref="ConnectionRecord"/>.
/// </summary>
public sealed class FramedConnectionHandler(
    PacketReader reader, IFrameResponder responder, HeadErrorRejection rejection, ILogger<FramedConnectionHandler> logger)
    : ConnectionHandler
{
    // Enough of a bad head to recognise its origin (a TLS ClientHello's version sits at offset 9).
    private const int HeadBytesKept = 16;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var record = connection.Features.GetRequiredFeature<ConnectionRecord>();
        record.Input = connection.Transport.Input;
        using var stopRegistration = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?
            .ConnectionClosedRequested.Register(() => record.RequestStop(TerminateReason.Shutdown));
        try
        {
            if (record.StopReason is not null)
                record.Input.CancelPendingRead(); // asked to stop before we got here
            await ServeAsync(connection, record);
        }
        catch (Exception e) when (e is ConnectionResetException or SocketException or IOException)
        {
            // The peer reset the connection: nothing is left for our side to put on the wire.
            record.SetCloseKind(CloseKind.None);
            record.Terminate(TerminateReason.IoError, ClosingSide.Peer);
        }
        catch (ConnectionAbortedException)
        {
            record.Terminate(record.StopReason ?? TerminateReason.Shutdown, ClosingSide.Gateway);
        }
        finally
        {
            await connection.Transport.Output.CompleteAsync();
            await connection.Transport.Input.CompleteAsync();
        }
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
                record.Terminate(record.StopReason ?? TerminateReason.Shutdown, ClosingSide.Gateway);
                return;
            }

            var buffer = result.Buffer;
            var frames = 0;
            PacketReadResult read;
            while ((read = reader.Read(buffer)).Status == PacketReadStatus.Frame)
            {
                responder.Respond(read.Payload, output);
                if (logger.IsEnabled(LogLevel.Debug))
                    logger.Frame(record.PortId, record.Peer, read.Payload.Length);
                frames++;
                buffer = buffer.Slice(read.Consumed);
            }
            record.Frames += frames;
            TrackFrameTimer(record, frames, read.Status);

            if (read.Status == PacketReadStatus.HeadError)
            {
                record.HeadError = read.HeadError;
                record.HeadBytes = buffer.Slice(0, Math.Min(HeadBytesKept, buffer.Length)).ToArray();
                input.AdvanceTo(buffer.End);
                if (frames > 0)
                    await output.FlushAsync();
                await rejection.RejectAsync(connection, record);
                return;
            }

            // Consumed up to the last whole frame; examined everything, so the next read waits for more.
            input.AdvanceTo(buffer.Start, buffer.End);
            if (frames > 0)
                await output.FlushAsync();

            if (result.IsCompleted)
            {
                record.Terminate(TerminateReason.PeerClosed, ClosingSide.Peer);
                return;
            }
        }
    }

    private static void TrackFrameTimer(ConnectionRecord record, int framesCompleted, PacketReadStatus status)
    {
        // The frame timeout runs from the header of the frame now in progress.
        if (framesCompleted > 0 || status != PacketReadStatus.NeedBody)
            Volatile.Write(ref record.FrameStartMs, 0);
        if (status == PacketReadStatus.NeedBody && Volatile.Read(ref record.FrameStartMs) == 0)
            Volatile.Write(ref record.FrameStartMs, Environment.TickCount64);
    }
}
