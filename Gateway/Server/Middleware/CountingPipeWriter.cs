using System.IO.Pipelines;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>Passes writes through, counting the bytes sent; nothing else (what a close puts on the wire is
/// <see cref="ClosingPipeWriter"/>'s report: the counting writer the transport gets, which adds it).</summary>
internal abstract class CountingPipeWriter(PipeWriter inner, ConnectionRecord record) : PassThroughPipeWriter(inner)
{
    protected ConnectionRecord Record { get; } = record;

    public sealed override void Advance(int bytes)
    {
        Record.Sent(bytes);
        Inner.Advance(bytes);
    }
}
