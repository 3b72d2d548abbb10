using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>
/// Passes reads through, counting the bytes that arrive, stamping the time of the last one (the idle
/// timeout's clock) and noticing when the peer ends its side.
/// </summary>
internal sealed class CountingPipeReader(PipeReader inner, ConnectionRecord record) : PipeReader
{
    private ReadOnlySequence<byte> _last;
    private long _unconsumed;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = inner.ReadAsync(cancellationToken);
        if (pending.IsCompletedSuccessfully)
            return new ValueTask<ReadResult>(Observe(pending.Result));
        return AwaitAndObserve(pending);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
            return false;
        Observe(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _unconsumed = _last.Slice(consumed).Length;
        _last = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitAndObserve(ValueTask<ReadResult> pending) => Observe(await pending);

    private ReadResult Observe(ReadResult result)
    {
        _last = result.Buffer;
        var arrived = result.Buffer.Length - _unconsumed;
        if (arrived > 0)
            record.Received(arrived);
        if (result.IsCompleted)
            record.InputEnded();
        return result;
    }
}
