using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Lab.Logs;

namespace Lab.Gateway.Transport;

/// <summary>
/// A connection's socket, non-blocking and never handed to .NET's socket engine: one call per receive or send, a wait
/// for the gateway's <see cref="EpollLoop"/> only when a call would block, and one owner for its close — who closes
/// first, why, and what that put on the wire (<see cref="ISocketCloseFeature"/>), all decided under one lock. A
/// socket is registered with the loop only at its first wait: one that never waits (a head that had arrived, a reply
/// the kernel took at once, a close) costs the loop nothing.
/// </summary>
internal sealed class EpollSocket(Socket socket) : EpollLoop.ITarget, ISocketCloseFeature
{
    private readonly SocketReadiness _readable = new();
    private readonly SocketReadiness _writable = new();
    // Set once the peer's FIN, a reset or an error has been reported: a receive that got bytes then receives again,
    // since the end behind them brings no new event.
    private bool _endReported;

    // Guarded by lock (this): the loop's slot (-1 before the first wait), what it watches, who closed the socket
    // first, why, and what that put on the wire.
    private int _slot = -1;
    private bool _watchingWritable;
    private bool _closed;
    private Exception? _closeReason;
    private bool _peerReset;
    private CloseKind _closedWith;

    public Socket Socket { get; } = socket;

    public bool IsClosed => Volatile.Read(ref _closed);

    public bool HasUnreadBytes
    {
        get
        {
            lock (this)
                return !_closed && UnreadBytes();
        }
    }

    public CloseKind CloseKind
    {
        get
        {
            lock (this)
                return _closed ? _closedWith : GracefulCloseKind();
        }
    }

    /// <summary>Why the socket was closed: the abort's or the reset's reason; null while open or after the send loop
    /// finished gracefully.</summary>
    public Exception? CloseReason
    {
        get
        {
            lock (this)
                return _closeReason;
        }
    }

    void EpollLoop.ITarget.OnEvents(bool readable, bool writable, bool ended)
    {
        if (ended)
            Volatile.Write(ref _endReported, true);
        if (readable)
            _readable.Signal();
        if (writable)
            _writable.Signal();
    }

    /// <summary>Switches the socket to non-blocking calls; before any other call.</summary>
    public void Open() => Socket.Blocking = false;

    /// <summary>Forgets a readiness not yet waited for: the receive about to be made sees what it reported.</summary>
    public void ClearReadable() => _readable.Clear();

    /// <summary>Whether a receive would find something (bytes, the peer's FIN, an error). Before the socket is
    /// registered it peeks one byte, so that a connection with nothing to read holds no block while it waits; once
    /// registered, the loop's events say it.</summary>
    public bool MayHaveSomething()
    {
        if (Volatile.Read(ref _slot) >= 0)
            return true;
        Span<byte> one = stackalloc byte[1];
        Socket.Receive(one, SocketFlags.Peek, out var status);
        return status != SocketError.WouldBlock;
    }

    public int Receive(Span<byte> buffer, out SocketError status) => Socket.Receive(buffer, SocketFlags.None, out status);

    /// <summary>After a receive of <paramref name="received"/> into <paramref name="capacity"/>: whether to receive again
    /// before waiting (the buffer filled, or the peer's end is reported and sits behind the bytes).</summary>
    public bool MayHaveMore(int received, int capacity) => received == capacity || Volatile.Read(ref _endReported);

    public ValueTask WaitReadableAsync() => WaitAsync(_readable, writing: false);

    /// <summary>Sends all of <paramref name="bytes"/>, waiting for the loop's word when the kernel's buffer is full;
    /// false when the socket was closed meanwhile (an abort or a reset).</summary>
    public async ValueTask<bool> SendAllAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (IsClosed)
                return false;
            _writable.Clear();
            var sent = Socket.Send(bytes.Span, SocketFlags.None, out var status);
            if (status == SocketError.WouldBlock)
            {
                await WaitAsync(_writable, writing: true);
                continue;
            }
            if (status != SocketError.Success)
                throw new SocketException((int)status);
            bytes = bytes[sent..];
        }
        return true;
    }

    /// <summary>A receive or a send saw the peer's reset: a close from now on puts nothing on the wire.</summary>
    public void PeerReset()
    {
        lock (this)
            _peerReset = true;
    }

    public void Reset() => Close(new ConnectionAbortedException("The gateway reset the connection."), reset: true);

    /// <summary>Lets go of the socket; the first caller's reason stands (null: the send loop finished gracefully), and what
    /// it puts on the wire is decided here, under the lock: a reset (SO_LINGER 0, close) is an RST; otherwise, with bytes
    /// left unread, a plain close, which Linux answers with RST (net/ipv4/tcp.c, tcp_close: "data_was_unread"; a shutdown
    /// first would send a FIN before it); else shutdown and close, a FIN, as Kestrel's transport does. After the peer's
    /// reset none of them puts anything there. False when it was closed already.</summary>
    public bool Close(Exception? reason, bool reset)
    {
        bool shutdown;
        int slot;
        lock (this)
        {
            if (_closed)
                return false;
            _closedWith = reset ? (_peerReset ? CloseKind.None : CloseKind.Rst) : GracefulCloseKind();
            shutdown = _closedWith == CloseKind.Fin;
            Volatile.Write(ref _closed, true);
            _closeReason = reason;
            slot = _slot; // a registration after this sees the socket closed and makes none
        }
        if (slot >= 0)
            EpollLoop.Shared.Release(slot);
        try
        {
            if (reset)
                Socket.LingerState = new LingerOption(true, 0);
            else if (shutdown)
                Socket.Shutdown(SocketShutdown.Both); // the shutdown's FIN costs what a close's would
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // reset by the peer meanwhile: the close below is all that is left
        }
        Socket.Dispose();
        // The loops may be waiting for a readiness that will not come now: they wake, see the socket closed, and end.
        _readable.Signal();
        _writable.Signal();
        return true;
    }

    /// <summary>Waits for the loop's word, registering the socket first if this is its first wait, and watching for
    /// writability only once a send found the buffer full (a socket watched for it is reported writable at once).</summary>
    private ValueTask WaitAsync(SocketReadiness readiness, bool writing)
    {
        if (Volatile.Read(ref _slot) < 0 || (writing && !_watchingWritable))
        {
            lock (this)
            {
                if (!_closed)
                {
                    var fd = Socket.SafeHandle.DangerousGetHandle();
                    var interest = writing ? EpollLoop.Interest.Read | EpollLoop.Interest.Write : EpollLoop.Interest.Read;
                    if (_slot < 0)
                        Volatile.Write(ref _slot, EpollLoop.Shared.Register(this, fd, interest));
                    else if (writing && !_watchingWritable)
                        EpollLoop.Shared.Change(_slot, fd, interest);
                    _watchingWritable |= writing;
                }
            }
        }
        return readiness.WaitAsync();
    }

    /// <summary>What a graceful close would put on the wire now. Called under the lock, with the socket open.</summary>
    private CloseKind GracefulCloseKind() => _peerReset ? CloseKind.None : UnreadBytes() ? CloseKind.Rst : CloseKind.Fin;

    private bool UnreadBytes()
    {
        try
        {
            return Socket.Available > 0;
        }
        catch (SocketException)
        {
            return false; // reset meanwhile: nothing is unread that a close could answer for
        }
    }
}
