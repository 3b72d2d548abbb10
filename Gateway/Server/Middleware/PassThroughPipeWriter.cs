using System.IO.Pipelines;

namespace Lab.Gateway.Middleware;

/// <summary>A writer that hands every call to <paramref name="inner"/>; the decorators on the transport's output
/// (counting, reporting its completion) override only what they watch.</summary>
internal abstract class PassThroughPipeWriter(PipeWriter inner) : PipeWriter
{
    protected PipeWriter Inner { get; } = inner;

    public override void Advance(int bytes) => Inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => Inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        Inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => Inner.CancelPendingFlush();

    public override bool CanGetUnflushedBytes => Inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => Inner.UnflushedBytes;

    public override void Complete(Exception? exception = null) => Inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => Inner.CompleteAsync(exception);
}
