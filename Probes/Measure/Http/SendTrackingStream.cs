using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Lab.Probes.Http;

/// <summary>
/// A connection's stream that reports to its <see cref="ConnectionTrack"/>: every write (whether the
/// HTTP client ever wrote on it, and which request it was writing), every read that returned response
/// bytes (the first one after a request is that request's first byte, stamped when the read completes),
/// a read of 0 (the server's FIN), an I/O failure, and the close (with whether the server's FIN was
/// already waiting, which a client that stops reading at Content-Length never reads).
/// </summary>
internal sealed class SendTrackingStream(NetworkStream inner, ConnectionTrack track) : Stream
{
    public bool Used => track.Used;

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            var n = inner.Read(buffer);
            track.Received(n, buffer.Length);
            return n;
        }
        catch (IOException)
        {
            track.Failed();
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(buffer, cancellationToken);
        if (!read.IsCompletedSuccessfully)
            return ReadAwaitedAsync(read, buffer.Length);
        var n = read.Result;
        track.Received(n, buffer.Length);
        return new ValueTask<int>(n);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        track.Sending(buffer.Length);
        try
        {
            inner.Write(buffer);
        }
        catch (IOException)
        {
            track.Failed();
            throw;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        track.Sending(buffer.Length);
        var write = inner.WriteAsync(buffer, cancellationToken);
        if (!write.IsCompletedSuccessfully)
            return WriteAwaitedAsync(write);
        write.GetAwaiter().GetResult(); // hands a pooled completion source back
        return default;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            var finWaiting = ServerFinWaiting();
            inner.Dispose();
            track.Closed(finWaiting);
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        var finWaiting = ServerFinWaiting();
        await inner.DisposeAsync();
        track.Closed(finWaiting);
        await base.DisposeAsync();
    }

    /// <summary>Readable with 0 bytes available: the server's FIN (or a reset) is in, unread. Two cheap
    /// syscalls (poll, FIONREAD) once per connection, after its last response was read.</summary>
    private bool ServerFinWaiting()
    {
        try
        {
            var socket = inner.Socket;
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    // Pooled builders: a keep-alive run awaits a read per request, and the probe should not allocate for it.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadAwaitedAsync(ValueTask<int> read, int asked)
    {
        try
        {
            var n = await read.ConfigureAwait(false);
            track.Received(n, asked);
            return n;
        }
        catch (IOException)
        {
            track.Failed();
            throw;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAwaitedAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (IOException)
        {
            track.Failed();
            throw;
        }
    }
}
