using System.IO.Pipelines;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>The transport as the layers inside see it: both directions counted, and the output's completion
/// reported to the record (<see cref="ClosingPipeWriter"/>).</summary>
internal sealed class CountingDuplexPipe(IDuplexPipe inner, ConnectionRecord record) : IDuplexPipe
{
    public PipeReader Input { get; } = new CountingPipeReader(inner.Input, record);

    public PipeWriter Output { get; } = new ClosingPipeWriter(inner.Output, record);
}
