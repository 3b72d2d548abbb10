using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Lab.Gateway.Transport;

/// <summary>Makes <see cref="GatewaySocketConnection"/>s, sharing one pair of pipe options among them
/// (the pipes' pool, schedulers and back-pressure thresholds, chosen as Kestrel's socket transport chooses them).</summary>
internal sealed class GatewaySocketConnectionFactory
{
    /// <param name="inlineIo">The application's code runs where the socket's completion ran (Kestrel's
    /// UnsafePreferInlineScheduling) rather than on the thread pool.</param>
    /// <param name="maxReadBufferSize">Received bytes the application has not read past which the receive loop waits
    /// (Kestrel's MaxReadBufferSize).</param>
    /// <param name="maxWriteBufferSize">Bytes queued for sending past which the application's flush waits (Kestrel's
    /// MaxWriteBufferSize).</param>
    public GatewaySocketConnectionFactory(MemoryPool<byte> pool, bool inlineIo, long maxReadBufferSize, long maxWriteBufferSize)
    {
        var application = inlineIo ? PipeScheduler.Inline : PipeScheduler.ThreadPool;
        var segment = pool.MaxBufferSize;
        Input = new PipeOptions(pool, readerScheduler: application, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: maxReadBufferSize, resumeWriterThreshold: maxReadBufferSize / 2,
            minimumSegmentSize: segment, useSynchronizationContext: false);
        Output = new PipeOptions(pool, readerScheduler: PipeScheduler.Inline, writerScheduler: application,
            pauseWriterThreshold: maxWriteBufferSize, resumeWriterThreshold: maxWriteBufferSize / 2,
            minimumSegmentSize: segment, useSynchronizationContext: false);
        Pool = pool;
        // Started here, by whoever binds, rather than lazily from some connection's thread: a new thread carries its
        // creator's name until it sets its own, and /proc would list it under that name meanwhile.
        _ = EpollLoop.Shared;
    }

    public MemoryPool<byte> Pool { get; }

    public PipeOptions Input { get; }

    public PipeOptions Output { get; }

    /// <summary>A connection sending but not yet receiving: whoever runs its application calls
    /// <see cref="GatewaySocketConnection.Start"/> (the frames server, once the application waits for its first read).</summary>
    public GatewaySocketConnection Create(Socket socket)
    {
        var connection = new GatewaySocketConnection(socket, this);
        connection.StartSending();
        return connection;
    }

    /// <summary>A connection already receiving and sending, for a server that does not start its connections.</summary>
    public GatewaySocketConnection CreateStarted(Socket socket)
    {
        var connection = new GatewaySocketConnection(socket, this);
        connection.Start();
        return connection;
    }
}
