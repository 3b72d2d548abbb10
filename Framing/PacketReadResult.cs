using System.Buffers;

namespace Lab.Framing;

/// <summary>
/// What <see cref="PacketReader"/> saw, with the positions to hand to <c>PipeReader.AdvanceTo</c>
/// (Bedrock's consumed/examined contract).
/// </summary>
internal readonly struct PacketReadResult
{
    public PacketReadResult(PacketReadStatus status, ReadOnlySequence<byte> payload, HeadError headError,
        SequencePosition consumed, SequencePosition examined)
    {
        Status = status;
        Payload = payload;
        HeadError = headError;
        Consumed = consumed;
        Examined = examined;
    }

    public PacketReadStatus Status { get; }

    /// <summary>The frame's payload (header excluded); empty unless <see cref="Status"/> is Frame.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>Set when <see cref="Status"/> is HeadError.</summary>
    public HeadError HeadError { get; }

    /// <summary>End of the frame for Frame; the input's start otherwise (nothing is consumed).</summary>
    public SequencePosition Consumed { get; }

    /// <summary>End of the frame for Frame; the input's end otherwise.</summary>
    public SequencePosition Examined { get; }
}
