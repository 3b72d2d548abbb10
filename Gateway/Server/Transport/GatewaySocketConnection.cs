using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Lab.Gateway.Transport;

/// <summary>
/// One accepted socket as a <see cref="ConnectionContext"/>: a receive loop filling the input pipe and a send
/// loop draining the output pipe, with Kestrel's socket transport's semantics (no block held while idle, the
/// peer's FIN completing the input, the output's completion sending what is queued and then shutdown + close, an
/// abort closing at once), for both ports (the HTTP endpoint's run by Kestrel's server). It exists because
/// Kestrel's connection queues every close to the thread pool to fire its ConnectionClosed token, which the frame
/// port never reads; at thousands of short connections a second that woke a pool worker per connection
/// (docs/performance.md names the profile). This one makes the token only when asked for it (Kestrel's HTTP code
/// asks). Its socket is an <see cref="EpollSocket"/>: one call per receive or send, the gateway's own epoll thread
/// when a call would block, and the one owner of how the socket was let go (<see cref="ISocketCloseFeature"/>).
/// </summary>
internal sealed class GatewaySocketConnection : ConnectionContext, IDuplexPipe, IConnectionSocketFeature, IMemoryPoolFeature
{
    private readonly EpollSocket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    // A receive gets at least half a block, as Kestrel's does, rather than the sliver left at a block's end.
    private readonly int _minimumReceive;
    private readonly ConnectionFeatures _features;
    private bool _sendingStarted;
    private bool _receivingStarted;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private string? _connectionId;
    private IDictionary<object, object?>? _items;
    private IDuplexPipe _transport;

    // Made only when something asks for ConnectionClosed (guarded by lock (this)): the frame port never does.
    private CancellationTokenSource? _closed;
    private bool _receiveEnded;

    public GatewaySocketConnection(Socket socket, GatewaySocketConnectionFactory pipes)
    {
        _socket = new EpollSocket(socket);
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
        _socket.Open();
        _sending = SendAsync();
    }

    /// <summary>Starts the receive loop (and the send loop, if it is not running). The frames server calls it once the
    /// connection's application has reached its first wait (the handler's first read): a receive loop started before
    /// that takes the first bytes into the pipe with nobody reading them and goes on to wait for more, which it is
    /// still doing when the application, having read them, closes the socket.</summary>
    public void Start()
    {
        StartSending();
        if (_receivingStarted)
            return;
        _receivingStarted = true;
        _receiving = ReceiveAsync();
    }

    public Socket Socket => _socket.Socket;

    /// <summary>How the socket is let go of: the connection's features hand it on.</summary>
    public ISocketCloseFeature SocketClose => _socket;

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
        _socket.Close(abortReason, reset: false);
        // The send loop may be waiting for output that will now never be sent.
        _output.Reader.CancelPendingRead();
    }

    /// <summary>Completes the application's ends of both pipes and waits for the two loops, as Kestrel's does.</summary>
    public override async ValueTask DisposeAsync()
    {
        _input.Reader.Complete();
        _output.Writer.Complete();
        if (!_sendingStarted)
            _socket.Close(reason: null, reset: false); // no send loop to close it
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
                if (!mayHaveMore)
                    await _socket.WaitReadableAsync();
                if (_socket.IsClosed)
                    break; // a receive on a closed socket would only throw (an exception per connection cost 6% of rejecting one)
                _socket.ClearReadable();
                if (!_socket.MayHaveSomething())
                {
                    mayHaveMore = false;
                    continue;
                }
                var buffer = input.GetMemory(_minimumReceive);
                var received = _socket.Receive(buffer.Span, out var status);
                if (status == SocketError.WouldBlock)
                {
                    mayHaveMore = false;
                    continue;
                }
                if (status != SocketError.Success)
                    throw new SocketException((int)status);
                if (received == 0)
                    break; // the peer's FIN
                mayHaveMore = _socket.MayHaveMore(received, buffer.Length);
                input.Advance(received);
                var flush = await input.FlushAsync();
                if (flush.IsCompleted || flush.IsCanceled || _socket.IsClosed)
                    break; // the application stopped reading, the send loop ended, or the socket is closed
            }
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            error = new ConnectionResetException(e.Message, e);
            _socket.PeerReset();
        }
        catch (Exception e)
        {
            error = e; // our side closed the socket meanwhile, or something unexpected: the input ends with it
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
                var sent = true;
                if (buffer.IsSingleSegment)
                {
                    if (!buffer.IsEmpty)
                        sent = await _socket.SendAllAsync(buffer.First);
                }
                else
                {
                    foreach (var segment in buffer)
                    {
                        if (!(sent = await _socket.SendAllAsync(segment)))
                            break;
                    }
                }
                if (!sent)
                    break; // closed meanwhile: an abort or a reset
                output.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                    break; // the application completed its output and all of it has been sent
            }
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            reason = new ConnectionResetException(e.Message, e);
            _socket.PeerReset();
        }
        catch (ObjectDisposedException e)
        {
            reason = e; // closed under the send by another thread
        }
        catch (Exception e)
        {
            reason = unexpected = e;
        }
        finally
        {
            _socket.Close(reason, reset: false);
            // After the socket is closed, as Kestrel does: a writer waiting on a full pipe learns the output is over.
            _output.Reader.Complete(unexpected);
            _input.Writer.CancelPendingFlush();
        }
    }

    /// <summary>What the application's reads end with once the receive loop stops: once our side has closed the
    /// socket, the reason it closed for, whatever the receive saw after that (as Kestrel's does); before that, the
    /// peer's FIN completes the input cleanly and a reset is a <see cref="ConnectionResetException"/>.</summary>
    private Exception? ReasonInputEnded(Exception? error)
    {
        if (!_socket.IsClosed)
            return error;
        return _socket.CloseReason
            ?? new ConnectionAbortedException("The gateway's socket transport's send loop completed gracefully.");
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
}
