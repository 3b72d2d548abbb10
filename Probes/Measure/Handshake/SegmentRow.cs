namespace Lab.Probes.Handshake;

/// <summary>One captured segment as <c>probe handshake</c> prints it (<c>--json</c>'s <c>segments[]</c>): its
/// connection (1, or 2 with --urgent), direction, flags, sequence and acknowledgment numbers absolute and relative to each side's initial
/// sequence number, data offset and header length with the options, window and scale, payload, the checksum
/// as sent and as the lab recomputed it, and the urgent pointer.</summary>
internal sealed record SegmentRow(
    int Index, int Connection, double AtMs, string Direction, string Flags, uint Seq, uint Ack, long RelativeSeq, long? RelativeAck, int DataOffset, int HeaderBytes,
    IReadOnlyList<string> Options, int Window, int? WindowScale, int PayloadBytes, string Checksum, string ChecksumComputed, bool ChecksumOk,
    int UrgentPointer);
