using System.Text;
using Lab.Common.Text;
using Lab.Framing;
using Lab.Gateway.Logging;
using Microsoft.AspNetCore.Connections;
using Lab.Logs;

namespace Lab.Gateway.Connections;

/// <summary>Carries out the <see cref="RejectPolicy"/> for a connection whose head is not a frame.</summary>
internal sealed class HeadErrorRejection(RejectPolicy policy, int headerSize, ConnectionLog log)
{
    // "What has already arrived" is bounded: a peer that keeps sending cannot keep us draining.
    private const int DrainMaxBytes = 64 * 1024;
    private static readonly TimeSpan DrainMaxWait = TimeSpan.FromMilliseconds(100);

    // More than a browser's request head with its cookies: a peer past it is one that may keep sending.
    private const int RequestHeadBytes = 16 * 1024;

    private readonly byte[] _http400Response = BuildHttp400(headerSize);


    /// <param name="head">The first bytes of the bad head, as many as arrived up to the caller's cap.</param>
    public async Task RejectAsync(ConnectionContext connection, ConnectionRecord record, HeadError error, byte[] head)
    {
        log.HeadError(record, error.DeclaredLength, error.DeclaredLengthHex,
            PeerText.Hex(head), PeerText.EscapeAscii(head), error.MaxPacket, HeaderGuess.Guess(head).ToString(), RejectPolicyNames.Of(policy));

        switch (policy)
        {
            case RejectPolicy.Rst:
                record.Abort(connection);
                record.Rejected();
                break;
            case RejectPolicy.Http400:
                await DrainArrivedAsync(connection, record);
                await connection.Transport.Output.WriteAsync(_http400Response);
                record.Rejected(ClosingReply.Http400);
                break;
            case RejectPolicy.Hold:
                await HoldAsync(connection, record);
                break;
            default:
                // A peer still sending past the drain's bound would turn the close into a reset anyway, at a
                // moment decided by when its next bytes land; resetting it here makes the close kind ours to say.
                if (!await DrainArrivedAsync(connection, record))
                    record.Abort(connection);
                record.Rejected();
                break;
        }
    }

    /// <summary>Reads what is in the pipe or already in the kernel's receive queue, so the close that follows is
    /// a FIN rather than an RST. A peer that has sent no more than a request's head is not waited for; one that has
    /// sent more may still be sending, with its next bytes held back by TCP's window for the moment the queue looks
    /// empty, and is given <see cref="DrainMaxWait"/> to show it. False when the bound stopped it with bytes still
    /// arriving, or the wait ended with bytes unread.</summary>
    private static async Task<bool> DrainArrivedAsync(ConnectionContext connection, ConnectionRecord record)
    {
        var input = connection.Transport.Input;
        // Made at the first wait only: most heads arrive whole, and a timer per rejected connection costs.
        CancellationTokenSource? deadline = null;
        try
        {
            long drained = 0;
            while (drained < DrainMaxBytes)
            {
                if (!input.TryRead(out var result))
                {
                    if (!record.HasUnreadBytes && record.BytesIn <= RequestHeadBytes)
                        return true;
                    try
                    {
                        // Bytes in the kernel's queue that the transport is about to move into the pipe, or a peer
                        // still sending.
                        deadline ??= new CancellationTokenSource(DrainMaxWait);
                        result = await input.ReadAsync(deadline.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return !record.HasUnreadBytes;
                    }
                }
                drained += result.Buffer.Length;
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                    return true;
            }
            return false;
        }
        finally
        {
            deadline?.Dispose();
        }
    }

    private static async Task HoldAsync(ConnectionContext connection, ConnectionRecord record)
    {
        // The declared length is the frame's: the frame timeout runs from its header.
        record.FrameInProgress();
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync();
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCanceled)
            {
                record.Stopped();
                return;
            }
            if (result.IsCompleted)
            {
                record.PeerClosed();
                return;
            }
        }
    }

    private static byte[] BuildHttp400(int headerSize)
    {
        var body = $"This port speaks Erlang {{packet,{headerSize}}} frames (a {headerSize}-byte big-endian length, then the payload), not HTTP.\n";
        var text = "HTTP/1.1 400 Bad Request\r\n" +
                   "Content-Type: text/plain; charset=utf-8\r\n" +
                   $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n" +
                   "Connection: close\r\n\r\n" + body;
        return Encoding.ASCII.GetBytes(text);
    }
}
