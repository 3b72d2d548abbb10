using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Connections;

/// <summary>
/// Writing to a peer that may have stopped reading. A flush that waits (the output is over
/// <c>--max-pending-output</c>) starts the send timeout's clock on the record; a stop that reaches it
/// (the send timeout, another timeout, shutdown) means what is queued will never be sent, so the
/// connection is reset rather than closed: a FIN would wait behind the queue, and the transport would
/// hold the socket until the peer read it (the socket connection, as Kestrel's did, sends all of its queue
/// before it lets go of the socket, however long that takes).
/// </summary>
internal static class OutputDrain
{
    private const int LongestPollMs = 100;

    /// <summary>How long shutdown lets the transport go on sending a closed connection's queue before resetting it: a
    /// peer that is reading takes it, one that does not is reset soon all the same.</summary>
    private const int ShutdownGraceMs = 500;

    /// <summary>Flushes; false when the connection is over (a stop reached the write, or the transport
    /// stopped sending because the peer reset), with the record told which.</summary>
    public static async ValueTask<bool> FlushAsync(ConnectionContext connection, ConnectionRecord record)
    {
        var pending = connection.Transport.Output.FlushAsync();
        var waited = !pending.IsCompleted;
        FlushResult result;
        if (waited)
        {
            record.SendBlocked();
            try
            {
                result = await pending;
            }
            finally
            {
                record.SendUnblocked();
            }
        }
        else
        {
            result = pending.Result;
        }

        if (result.IsCanceled)
        {
            record.Stopped();
            if (waited)
                record.Abort(connection);
            return false;
        }
        if (result.IsCompleted)
        {
            // The transport's send loop ends on its own only when a send fails: the peer reset.
            record.PeerReset();
            return false;
        }
        return true;
    }

    /// <summary>After the output completed: waits until the transport has sent what is queued and closed
    /// the socket, and resets it instead once <paramref name="sendTimeout"/> has passed or shutdown has asked
    /// for <see cref="ShutdownGraceMs"/>. Without a queue the transport has usually closed the socket already and
    /// nothing waits.</summary>
    public static async Task LetGoAsync(ConnectionContext connection, ConnectionRecord record, TimeSpan? sendTimeout)
    {
        if (record.IsSocketClosed)
            return;
        var deadline = sendTimeout is { } timeout ? Environment.TickCount64 + (long)timeout.TotalMilliseconds : long.MaxValue;
        var pollMs = 1;
        long shutdownSeenMs = 0;
        while (!record.IsSocketClosed)
        {
            var now = Environment.TickCount64;
            if (shutdownSeenMs == 0 && record.ShutdownRequested)
                shutdownSeenMs = now;
            if (now >= deadline || (shutdownSeenMs != 0 && now - shutdownSeenMs >= ShutdownGraceMs))
            {
                record.Abort(connection);
                return;
            }
            await Task.Delay(pollMs);
            pollMs = Math.Min(pollMs * 2, LongestPollMs);
        }
    }
}
