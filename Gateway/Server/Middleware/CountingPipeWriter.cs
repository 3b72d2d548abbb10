using System.IO.Pipelines;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>Passes writes through, counting the bytes sent; nothing else (what a close puts on the wire is
/// <see cref="ClosingPipeWriter"/>'s report).</summary>
internal sealed class CountingPipeWriter(PipeWriter inner, ConnectionRecord record) : PassThroughPipeWriter(inner)
{
    public override void Advance(int bytes)
    {
        record.Sent(bytes);
        Inner.Advance(bytes);
    }
}
