using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Lab.Logs;

namespace Lab.Gateway.Transport;

/// <summary>
/// One accepted socket as a <see cref="ConnectionContext"/>: a receive loop filling the input pipe and a send
/// loop draining the output pipe, with Kestrel's socket transport's semantics (no block held while idle, the
/// peer's FIN completing the input, the output's completion sending what is queued and then shutdown + close, an
/// abort closing at once), for both ports (the HTTP endpoint's run by Kestrel's server). It exists because
/// Kestrel's connection queues every close to the thread pool to fire its ConnectionClosed token, which the frame
/// port never reads; at thousands of short connections a second that woke a pool worker per connection
/// (docs/performance.md names the profile). This one makes the token only when asked for it (Kestrel's HTTP code
/// asks). Its socket is non-blocking and never handed to .NET's socket engine: it reads and writes with one call
/// each, and waits, when it must, for the gateway's <see cref="EpollLoop"/>. It is also the one that knows what its
/// close put on the wire (<see cref="ISocketCloseFeature"/>).
/// </summary>
internal sealed class GatewaySocketConnection
    : ConnectionContext, IDuplexPipe, IConnectionSocketFeature, IMemoryPoolFeature, ISocketCloseFeature
{
    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    // A receive gets at least half a block, as Kestrel's does, rather than the sliver left at a block's end.
    private readonly int _minimumReceive;
    private readonly ConnectionFeatures _features;
    private bool _sendingStarted;
    private bool _receivingStarted;
    // The socket's slot in the epoll loop, from its first wait for readiness (guarded by lock (this)); -1 before.
    private int _slot = -1;
    private bool _watchingWritable;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private string? _connectionId;
    private IDictionary<object, object?>? _items;
    private IDuplexPipe _transport;

    // Guarded by lock (this): who closes the socket first, why, and what that put on the wire.
    private bool _socketClosed;
    private Exception? _closeReason;
    private bool _closeWasGraceful;
    private bool _peerReset;
    private CloseKind _closedWith;

    // Made only when something asks for ConnectionClosed: the frame port never does.
    private CancellationTokenSource? _closed;
    private bool _receiveEnded;

    public GatewaySocketConnection(Socket socket, GatewaySocketConnectionFactory pipes)
    {
        _socket = socket;
        _input = new Pipe(pipes.Input);
        _output = new Pipe(pipes.Output);
        MemoryPool = pipes.Pool;
        _minimumReceive = pipes.Pool.MaxBufferSize / 2;
        _transport = this;
        _features = new ConnectionFeatures(this);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    /// <summary>Starts the send loop, which waits for output and costs nothing until there is some: a connection the
    /// application closes before it reads (refused at the cap) is closed at once.</summary>
    public void StartSending()
    {
        if (_sendingStarted)
            return;
        _sendingStarted = true;
        // Non-blocking, and never given to .NET's socket engine: the epoll loop says when to read or write.
        _socket.Blocking = false;
        _sending = SendAsync();
    }

    /// <summary>Starts the receive loop (and the send loop, if it is not running). The frames server calls it once the
    /// connection's application has reached its first wait (the handler's first read): a receive loop started before
    /// that takes the first bytes into the pipe with nobody reading them and goes on to its next receive, which is
    /// still pending when the application, having read them, closes the socket; the close aborts it, and an aborted
    /// receive completes on the thread pool and throws (a worker woken and an exception for every rejected connection).</summary>
    public void Start()
    {
        StartSending();
        if (_receivingStarted)
            return;
        _receivingStarted = true;
        _receiving = ReceiveAsync();
    }

    public Socket Socket => _socket;

    /// <summary>Signalled by the epoll loop when the socket may have bytes, a FIN or an error to read.</summary>
    internal SocketReadiness Readable { get; } = new();

    /// <summary>Set by the epoll loop once the peer's FIN, a reset or an error has been reported: a receive that got
    /// bytes then receives again, since the end behind them brings no new event.</summary>
    internal bool EndReported;

    /// <summary>Signalled by the epoll loop when the socket may take more bytes.</summary>
    internal SocketReadiness Writable { get; } = new();

    /// <summary>The pipes' pool, which Kestrel's HTTP code takes its own buffers from as it does from Kestrel's transport.</summary>
    public MemoryPool<byte> MemoryPool { get; }

    PipeReader IDuplexPipe.Input => _input.Reader;

    PipeWriter IDuplexPipe.Output => _output.Writer;

    public override IDuplexPipe Transport
    {
        get => _transport;
        set => _transport = value;
    }

    public override string ConnectionId
    {
        get => _connectionId ??= ConnectionIds.Next();
        set => _connectionId = value;
    }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    public override CancellationToken ConnectionClosed
    {
        get
        {
            lock (this)
            {
                if (_receiveEnded)
                    return new CancellationToken(canceled: true);
                return (_closed ??= new CancellationTokenSource()).Token;
            }
        }
        set => throw new NotSupportedException("the gateway's socket connection owns its ConnectionClosed token");
    }

    /// <summary>Kestrel's abort, as Kestrel's transport does it: shutdown and close (a FIN), not a reset.</summary>
    public override void Abort(ConnectionAbortedException abortReason)
    {
        CloseSocket(abortReason, reset: false);
        // The send loop may be waiting for output that will now never be sent.
        _output.Reader.CancelPendingRead();
    }

    public void Reset()
    {
        CloseSocket(new ConnectionAbortedException("The gateway reset the connection."), reset: true);
        _output.Reader.CancelPendingRead();
    }

    public bool IsClosed => Volatile.Read(ref _socketClosed);

    public bool HasUnreadBytes
    {
        get
        {
            lock (this)
                return !_socketClosed && UnreadBytes();
        }
    }

    public CloseKind CloseKind
    {
        get
        {
            lock (this)
                return _socketClosed ? _closedWith : GracefulCloseKind();
        }
    }

    /// <summary>Completes the application's ends of both pipes and waits for the two loops, as Kestrel's does.</summary>
    public override async ValueTask DisposeAsync()
    {
        _input.Reader.Complete();
        _output.Writer.Complete();
        if (!_sendingStarted)
            CloseSocket(reason: null, reset: false); // no send loop to close it
        // The ConnectionClosed source is left to the GC, not disposed: its cancel may still be queued, and without a
        // timer or a wait handle there is nothing to release.
        await _receiving;
        await _sending;
    }

    private async Task ReceiveAsync()
    {
        Exception? error = null;
        try
        {
            var input = _input.Writer;
            // The first look needs no readiness: most heads have arrived by the time the connection starts.
            var mayHaveMore = true;
            while (true)
            {
                // Readiness before a block, as Kestrel's WaitForDataBeforeAllocatingBuffer: an idle connection holds none.
                // A receive that filled its buffer may have left more behind, for which the edge-triggered loop sends no
                // new event.
                if (!mayHaveMore)
                    await WaitAsync(Readable);
                if (Volatile.Read(ref _socketClosed))
                    break; // a receive on a closed socket would only throw (an exception per connection cost 6% of rejecting one)
                Readable.Clear();
                if (!IsRegistered && !PeekHasSomething())
                {
                    mayHaveMore = false; // nothing yet: registered at the wait, holding no block
                    continue;
                }
                var buffer = input.GetMemory(_minimumReceive);
                var received = _socket.Receive(buffer.Span, SocketFlags.None, out var status);
                if (status == SocketError.WouldBlock)
                {
                    mayHaveMore = false;
                    continue;
                }
                if (status != SocketError.Success)
                    throw new SocketException((int)status);
                if (received == 0)
                    break; // the peer's FIN
                mayHaveMore = received == buffer.Length || Volatile.Read(ref EndReported);
                input.Advance(received);
                var flush = await input.FlushAsync();
                if (flush.IsCompleted || flush.IsCanceled || Volatile.Read(ref _socketClosed))
                    break; // the application stopped reading, the send loop ended, or the socket is closed
            }
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            error = new ConnectionResetException(e.Message, e);
            lock (this)
                _peerReset = true; // a close from now on puts nothing on the wire
        }
        catch (Exception e) when (e is ObjectDisposedException || e is SocketException s && IsAbort(s.SocketErrorCode))
        {
            error = e; // our side closed the socket: the reason it closed for is what the input ends with
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            _input.Writer.Complete(ReasonInputEnded(error));
            ReceiveEnded();
        }
    }

    private async Task SendAsync()
    {
        Exception? reason = null;
        Exception? unexpected = null;
        try
        {
            var output = _output.Reader;
            while (true)
            {
                var result = await output.ReadAsync();
                if (result.IsCanceled)
                    break; // an abort
                var buffer = result.Buffer;
                if (buffer.IsSingleSegment)
                {
                    if (!buffer.IsEmpty && !await SendAllAsync(buffer.First))
                        break;
                }
                else
                {
                    var sent = true;
                    foreach (var segment in buffer)
                    {
                        if (!(sent = await SendAllAsync(segment)))
                            break;
                    }
                    if (!sent)
                        break;
                }
                output.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                    break; // the application completed its output and all of it has been sent
            }
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            reason = new ConnectionResetException(e.Message, e);
            lock (this)
                _peerReset = true;
        }
        catch (Exception e) when (e is ObjectDisposedException || e is SocketException s && IsAbort(s.SocketErrorCode))
        {
            reason = e;
        }
        catch (Exception e)
        {
            reason = unexpected = e;
        }
        finally
        {
            CloseSocket(reason, reset: false);
            // After the socket is closed, as Kestrel does: a writer waiting on a full pipe learns the output is over.
            _output.Reader.Complete(unexpected);
            _input.Writer.CancelPendingFlush();
        }
    }

    private bool IsRegistered => Volatile.Read(ref _slot) >= 0;

    /// <summary>Waits for the epoll loop's word, registering the socket with it first if this is its first wait: a
    /// connection that never waits (a head that had arrived, a reply the kernel took at once, a close) costs the loop
    /// nothing, neither a registration nor an event.</summary>
    private ValueTask WaitAsync(SocketReadiness readiness)
    {
        var writing = readiness == Writable;
        if (!IsRegistered || (writing && !_watchingWritable))
        {
            lock (this)
            {
                if (!_socketClosed)
                {
                    var fd = _socket.SafeHandle.DangerousGetHandle();
                    if (_slot < 0)
                        _slot = EpollLoop.Shared.Register(this, fd, writing);
                    else if (writing && !_watchingWritable)
                        EpollLoop.Shared.WatchWritable(_slot, fd);
                    _watchingWritable |= writing;
                }
            }
        }
        return readiness.WaitAsync();
    }

    /// <summary>Whether a receive would find something (bytes, the peer's FIN, an error) before the socket is registered:
    /// a peek of one byte, so that a connection with nothing to read holds no block while it waits.</summary>
    private bool PeekHasSomething()
    {
        Span<byte> one = stackalloc byte[1];
        _socket.Receive(one, SocketFlags.Peek, out var status);
        return status != SocketError.WouldBlock;
    }

    /// <summary>Sends all of <paramref name="bytes"/>, waiting for the epoll loop's word when the kernel's buffer is full;
    /// false when the socket was closed meanwhile (an abort or a reset).</summary>
    private async ValueTask<bool> SendAllAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (Volatile.Read(ref _socketClosed))
                return false;
            Writable.Clear();
            var sent = _socket.Send(bytes.Span, SocketFlags.None, out var status);
            if (status == SocketError.WouldBlock)
            {
                await WaitAsync(Writable);
                continue;
            }
            if (status != SocketError.Success)
                throw new SocketException((int)status);
            bytes = bytes[sent..];
        }
        return true;
    }

    /// <summary>Lets go of the socket; the first caller's reason stands (null: the send loop finished gracefully), and what
    /// it puts on the wire is decided here, under the lock: a reset (SO_LINGER 0, close) is an RST; otherwise, with bytes
    /// left unread, a plain close, which Linux answers with RST (net/ipv4/tcp.c, tcp_close: "data_was_unread"; a shutdown
    /// first would send a FIN before it); else shutdown and close, a FIN, as Kestrel's transport does. After the peer's
    /// reset none of them puts anything there.</summary>
    private void CloseSocket(Exception? reason, bool reset)
    {
        bool shutdown;
        lock (this)
        {
            if (_socketClosed)
                return;
            _closedWith = reset ? (_peerReset ? CloseKind.None : CloseKind.Rst) : GracefulCloseKind();
            shutdown = _closedWith == CloseKind.Fin;
            Volatile.Write(ref _socketClosed, true);
            _closeReason = reason;
            _closeWasGraceful = reason is null;
        }
        if (_slot >= 0) // read after the lock above: a registration after it sees the socket closed and makes none
            EpollLoop.Shared.Release(_slot);
        try
        {
            if (reset)
                _socket.LingerState = new LingerOption(true, 0);
            else if (shutdown)
                _socket.Shutdown(SocketShutdown.Both); // the shutdown's FIN costs what a close's would
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // reset by the peer meanwhile: the close below is all that is left
        }
        _socket.Dispose();
        // The loops may be waiting for a readiness that will not come now: they wake, see the socket closed, and end.
        Readable.Signal();
        Writable.Signal();
    }

    /// <summary>What a graceful close would put on the wire now. Called under the lock, with the socket open.</summary>
    private CloseKind GracefulCloseKind() => _peerReset ? CloseKind.None : UnreadBytes() ? CloseKind.Rst : CloseKind.Fin;

    private bool UnreadBytes()
    {
        try
        {
            return _socket.Available > 0;
        }
        catch (SocketException)
        {
            return false; // reset meanwhile: nothing is unread that a close could answer for
        }
    }

    /// <summary>What the application's reads end with once the receive loop stops: once our side has closed the
    /// socket, the reason it closed for, whatever the receive saw after that (as Kestrel's does); before that, the
    /// peer's FIN completes the input cleanly and a reset is a <see cref="ConnectionResetException"/>.</summary>
    private Exception? ReasonInputEnded(Exception? error)
    {
        lock (this)
        {
            if (!_socketClosed)
                return error;
            return _closeWasGraceful
                ? new ConnectionAbortedException("The gateway's socket transport's send loop completed gracefully.")
                : _closeReason;
        }
    }

    private void ReceiveEnded()
    {
        CancellationTokenSource? closed;
        lock (this)
        {
            _receiveEnded = true;
            closed = _closed;
        }
        if (closed is not null)
            ThreadPool.UnsafeQueueUserWorkItem(static c => c.Cancel(), closed, preferLocal: false);
    }

    // As Kestrel's socket transport reads them on Linux.
    private static bool IsReset(SocketError error) => error is SocketError.ConnectionReset or SocketError.Shutdown;

    private static bool IsAbort(SocketError error) =>
        error is SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument;
}
