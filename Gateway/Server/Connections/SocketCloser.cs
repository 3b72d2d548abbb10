using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Lab.Logs;

namespace Lab.Gateway.Connections;

/// <summary>
/// Knows what a close puts on the wire. Linux answers close() with RST instead of FIN when unread
/// bytes remain in the receive queue (net/ipv4/tcp.c, tcp_close: "data_was_unread"), so a graceful
/// close is only graceful if nothing is left unread; an abortive close needs linger 0 and a close
/// without shutdown, because shutdown() alone would send a FIN first.
/// </summary>
internal static class SocketCloser
{
    /// <summary>What a graceful close of this socket would put on the wire right now.</summary>
    public static CloseKind GracefulCloseKind(Socket? socket) => HasUnreadBytes(socket) ? CloseKind.Rst : CloseKind.Fin;

    /// <summary>Bytes the kernel has received that nobody has read (false once the socket is gone:
    /// whatever went out then went out as a graceful close).</summary>
    public static bool HasUnreadBytes(Socket? socket)
    {
        if (socket is null || HandleClosed(socket))
            return false;
        try
        {
            return socket.Available > 0;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    /// <summary>The socket has been closed (by the transport once its send loop ended, or by an abort);
    /// true when there is none to watch.</summary>
    public static bool IsReleased(Socket? socket)
    {
        if (socket is null || HandleClosed(socket))
            return true;
        try
        {
            _ = socket.Available;
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether Dispose has closed the socket's handle: asked first, so that a socket long gone is known without
    /// the ObjectDisposedException its other members throw (a throw cost more than the rest of a rejected connection's
    /// ending, docs/performance.md). In the moment between Dispose's start and the handle's close the members above
    /// still answer by their exception. Reading SafeHandle marks it exposed, which matters only to a client's
    /// connect to several addresses, never to an accepted socket.</summary>
    private static bool HandleClosed(Socket socket) => socket.SafeHandle.IsClosed;

    /// <summary>Resets a socket still open (SO_LINGER 0, then close); false when it was closed already,
    /// so whatever went on the wire then is what its close put there.</summary>
    public static bool TryReset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            return true;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    /// <summary>Resets the connection now (SO_LINGER 0, then close): the peer sees RST, not FIN.</summary>
    public static void Abort(ConnectionContext connection, Socket? socket)
    {
        if (socket is null)
            connection.Abort();
        else
            TryReset(socket); // false: gone already, nothing more can be put on the wire
    }
}
