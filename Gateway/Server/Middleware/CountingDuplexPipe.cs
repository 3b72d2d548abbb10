using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks.Sources;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>The transport as the layers inside see it: both directions counted, and nothing else (how the socket is
/// let go of is the transport's to say).</summary>
internal sealed class CountingDuplexPipe(IDuplexPipe inner, ConnectionRecord record) : IDuplexPipe
{
    public PipeReader Input { get; } = new CountingPipeReader(inner.Input, record);

    public PipeWriter Output { get; } = new CountingPipeWriter(inner.Output, record);

    /// <summary>Passes writes through, counting the bytes sent.</summary>
    private sealed class CountingPipeWriter(PipeWriter inner, ConnectionRecord record) : PipeWriter
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

    /// <summary>
    /// Passes reads through, counting the bytes that arrive, stamping the time of the last one (the idle
    /// timeout's clock) and noticing when the peer ends its side.
    /// </summary>
    /// <remarks>A read that has to wait is the state every idle connection sits in, for as long as it lives, so its
    /// wait costs no state machine of its own: the reader is itself the source of the value task it hands out (a
    /// reader has one read outstanding at a time, PipeReader's contract) and sees the result when its consumer takes
    /// it.</remarks>
    private sealed class CountingPipeReader(PipeReader inner, ConnectionRecord record) : PipeReader, IValueTaskSource<ReadResult>
    {
        private ReadOnlySequence<byte> _last;
        private long _unconsumed;

        // The inner read this reader's value task stands for while it waits, and who to tell when it completes.
        private ValueTask<ReadResult> _waiting;
        private short _version;
        private Action<object?>? _continuation;
        private object? _continuationState;
        private Action? _innerCompleted;

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var pending = inner.ReadAsync(cancellationToken);
            if (pending.IsCompletedSuccessfully)
                return new ValueTask<ReadResult>(Observe(pending.Result));
            _waiting = pending;
            return new ValueTask<ReadResult>(this, _version);
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

        ReadResult IValueTaskSource<ReadResult>.GetResult(short token)
        {
            CheckToken(token);
            var waiting = _waiting;
            _waiting = default;
            _version++;
            return Observe(waiting.GetAwaiter().GetResult());
        }

        ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token)
        {
            CheckToken(token);
            var waiting = _waiting;
            if (!waiting.IsCompleted)
                return ValueTaskSourceStatus.Pending;
            if (waiting.IsCompletedSuccessfully)
                return ValueTaskSourceStatus.Succeeded;
            return waiting.IsCanceled ? ValueTaskSourceStatus.Canceled : ValueTaskSourceStatus.Faulted;
        }

        void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token,
            ValueTaskSourceOnCompletedFlags flags)
        {
            CheckToken(token);
            _continuation = continuation;
            _continuationState = state;
            // The inner read is awaited as the consumer awaits this one: on its scheduling context if it asked for it,
            // flowing its execution context if it asked for that (an async method's await does neither itself).
            var awaiter = _waiting.ConfigureAwait((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0).GetAwaiter();
            var resume = _innerCompleted ??= ResumeConsumer;
            if ((flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0)
                awaiter.OnCompleted(resume);
            else
                awaiter.UnsafeOnCompleted(resume);
        }

        private void ResumeConsumer()
        {
            var continuation = _continuation!;
            var state = _continuationState;
            _continuation = null;
            _continuationState = null;
            continuation(state);
        }

        private void CheckToken(short token)
        {
            if (token != _version)
                throw new InvalidOperationException("This read's result was taken already, or it belongs to another read.");
        }

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
}
