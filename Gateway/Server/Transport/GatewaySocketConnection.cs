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
/// loop draining the output pipe, with Kestrel's socket transport's semantics (a zero-byte read while idle, the
/// peer's FIN completing the input, the output's completion sending what is queued and then shutdown + close, an
/// abort closing at once), for both ports (the HTTP endpoint's run by Kestrel's server). It exists because
/// Kestrel's connection queues every close to the thread pool to fire its ConnectionClosed token, which the frame
/// port never reads; at thousands of short connections a second that woke a pool worker per connection
/// (docs/performance.md names the profile). This one makes the token only when asked for it (Kestrel's HTTP code
/// asks).
/// </summary>
internal sealed class GatewaySocketConnection : ConnectionContext, IDuplexPipe, IConnectionSocketFeature, IMemoryPoolFeature
{
    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly bool _waitForData;
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

    // Guarded by lock (this): who closes the socket first, and why.
    private bool _socketClosed;
    private Exception? _closeReason;
    private bool _closeWasGraceful;

    // Made only when something asks for ConnectionClosed: the frame port never does.
    private CancellationTokenSource? _closed;
    private bool _receiveEnded;

    public GatewaySocketConnection(Socket socket, GatewaySocketConnectionFactory pipes)
    {
        _socket = socket;
        _input = new Pipe(pipes.Input);
        _output = new Pipe(pipes.Output);
        _waitForData = pipes.WaitForData;
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

    public override void Abort(ConnectionAbortedException abortReason)
    {
        CloseSocket(abortReason);
        // The send loop may be waiting for output that will now never be sent.
        _output.Reader.CancelPendingRead();
    }

    /// <summary>Completes the application's ends of both pipes and waits for the two loops, as Kestrel's does.</summary>
    public override async ValueTask DisposeAsync()
    {
        _input.Reader.Complete();
        _output.Writer.Complete();
        if (!_sendingStarted)
            CloseSocket(reason: null); // no send loop to close it
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
            while (true)
            {
                // Kestrel's WaitForDataBeforeAllocatingBuffer: an idle connection holds no block.
                if (_waitForData)
                    await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                var buffer = input.GetMemory(_minimumReceive);
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (received == 0)
                    break; // the peer's FIN
                input.Advance(received);
                var flush = await input.FlushAsync();
                if (flush.IsCompleted || flush.IsCanceled || Volatile.Read(ref _socketClosed))
                    break; // the application stopped reading, the send loop ended, or the socket is closed: a receive
                           // on a closed socket would only throw (an exception per connection cost 6% of rejecting one)
            }
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            error = new ConnectionResetException(e.Message, e);
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
                    if (!buffer.IsEmpty)
                        await _socket.SendAsync(buffer.First, SocketFlags.None);
                }
                else
                {
                    foreach (var segment in buffer)
                        await _socket.SendAsync(segment, SocketFlags.None);
                }
                output.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                    break; // the application completed its output and all of it has been sent
            }
        }
        catch (SocketException e) when (IsReset(e.SocketErrorCode))
        {
            reason = new ConnectionResetException(e.Message, e);
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
            CloseSocket(reason);
            // After the socket is closed, as Kestrel does: a writer waiting on a full pipe learns the output is over.
            _output.Reader.Complete(unexpected);
            _input.Writer.CancelPendingFlush();
        }
    }

    /// <summary>Shutdown, then close; the first caller's reason stands (null: the send loop finished gracefully).
    /// Linux answers the close with RST rather than FIN when unread bytes are left in the receive queue.</summary>
    private void CloseSocket(Exception? reason)
    {
        lock (this)
        {
            if (_socketClosed)
                return;
            _socketClosed = true;
            _closeReason = reason;
            _closeWasGraceful = reason is null;
        }
        // Kestrel's order (shutdown, then close). The shutdown's FIN costs what a close's would: the order costs nothing.
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // reset or closed already: the close below is all that is left
        }
        _socket.Dispose();
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
