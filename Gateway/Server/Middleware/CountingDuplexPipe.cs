using System.IO.Pipelines;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

internal sealed class CountingDuplexPipe(IDuplexPipe inner, ConnectionRecord record) : IDuplexPipe
{
    public PipeReader Input { get; } = new CountingPipeReader(inner.Input, record);

    public PipeWriter Output { get; } = new CountingPipeWriter(inner.Output, record);
}
