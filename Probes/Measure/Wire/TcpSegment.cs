using System.Net;

namespace Lab.Probes.Wire;

/// <summary>
/// One TCP segment as captured, field by field (RFC 9293 §3.1): who sent it to whom, sequence and
/// acknowledgment numbers as on the wire, the data offset (in 4-byte words) and so the header's length, the
/// flags, the window as sent (before any scale), the checksum as sent and as the lab recomputes it, the urgent
/// pointer, the options, and the payload's length.
/// </summary>
internal sealed record TcpSegment(
    IPEndPoint Source, IPEndPoint Destination, uint Sequence, uint Acknowledgment, int DataOffsetWords, TcpFlags Flags,
    ushort Window, ushort Checksum, ushort ComputedChecksum, ushort UrgentPointer, IReadOnlyList<TcpOption> Options, int PayloadLength,
    DateTimeOffset At)
{
    public int HeaderBytes => DataOffsetWords * 4;

    public bool ChecksumMatches => Checksum == ComputedChecksum;

    /// <summary>The sequence space this segment uses: its data, plus one for a SYN and one for a FIN.</summary>
    public int SequenceLength => PayloadLength + (Flags.HasFlag(TcpFlags.Syn) ? 1 : 0) + (Flags.HasFlag(TcpFlags.Fin) ? 1 : 0);
}
