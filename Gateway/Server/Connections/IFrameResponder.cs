using System.Buffers;
using System.IO.Pipelines;

namespace Lab.Gateway.Connections;

/// <summary>What happens to a valid frame. Writes go to the output; the handler flushes once per read.</summary>
internal interface IFrameResponder
{
    void Respond(in ReadOnlySequence<byte> payload, PipeWriter output);
}
