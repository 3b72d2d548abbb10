using System.Buffers;
using System.IO.Pipelines;
using Lab.Framing;

namespace Lab.Gateway.Connections;

/// <summary>Echoes each frame with the same framing, wire-compatible with an OTP <c>{packet,N}</c> peer.</summary>
internal sealed class EchoResponder(int headerSize) : IFrameResponder
{
    public void Respond(in ReadOnlySequence<byte> payload, PipeWriter output) =>
        PacketWriter.Write(output, payload, headerSize);
}
