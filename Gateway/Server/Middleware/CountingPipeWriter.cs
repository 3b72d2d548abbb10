using System.IO.Pipelines;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>Passes writes through, counting the bytes sent; nothing else (what a close puts on the wire is
/// <see cref="ClosingPipeWriter"/>'s report).</summary>
internal sealed class CountingPipeWriter(PipeWriter inner, ConnectionRecord record) : PipeWriter
{
    public override void Advance(int bytes)
    {
        record.Sent(bytes);
        inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
