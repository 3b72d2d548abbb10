using System.Globalization;
using Lab.Probes.Wire;

namespace Lab.Probes.Handshake;

/// <summary>
/// The field notes' TCP tips (item 1) set against one captured exchange, each verdict computed from the
/// segments: the header's size, the third packet's numbers (the notes' "seq = ??"), the checksum they call a
/// CRC, PSH, the window and its scale, FIN's sequence number, the urgent pointer, and the dynamic port range.
/// </summary>
internal static class HandshakeTips
{
    public const string Holds = "holds", DoesNotHold = "does not hold", NoData = "NO DATA";

    /// <summary>The notes' tip 11 ("49452 - 65535 动态端口") and IANA's start of the dynamic range.</summary>
    private const int NotesDynamicLow = 49452, IanaDynamicLow = 49152;

    /// <param name="crcMatches">Segments whose CRC-32 over the same bytes equals their checksum (low 16 bits).</param>
    /// <param name="portRange">This machine's ip_local_port_range, as the host has it.</param>
    /// <param name="reads">With --urgent, what the receiver read on each connection.</param>
    public static IReadOnlyList<NotesTip> Judge(IReadOnlyList<TcpSegment> all, System.Net.IPEndPoint client, int crcMatches, (int Low, int High)? portRange,
        IReadOnlyList<UrgentRead> reads)
    {
        var tips = new List<NotesTip>();
        // The first connection's segments for the handshake's tips; every segment for the checksum and the urgent pointer.
        var segments = all.Where(s => s.Source.Port == client.Port || s.Destination.Port == client.Port).ToList();
        var fromClient = segments.Where(s => s.Source.Port == client.Port).ToList();
        var fromServer = segments.Where(s => s.Source.Port != client.Port).ToList();
        var syn = fromClient.FirstOrDefault(s => s.Flags.HasFlag(TcpFlags.Syn) && !s.Flags.HasFlag(TcpFlags.Ack));
        var synAck = fromServer.FirstOrDefault(s => s.Flags.HasFlag(TcpFlags.Syn) && s.Flags.HasFlag(TcpFlags.Ack));

        tips.Add(segments.Count == 0
            ? new NotesTip("头部最大60个字节: the header is 20 to 60 bytes (data offset, 4 bits, in 4-byte words)", "no segment captured", NoData)
            : new NotesTip("头部最大60个字节: the header is 20 to 60 bytes (data offset, 4 bits, in 4-byte words)",
                $"headers of {segments.Min(s => s.HeaderBytes)}–{segments.Max(s => s.HeaderBytes)} bytes: the SYN's {syn?.HeaderBytes.ToString(CultureInfo.InvariantCulture) ?? "?"} " +
                $"(options {string.Join(", ", syn?.Options.Select(o => o.Text) ?? [])}), data segments' {string.Join("/", segments.Where(s => s.PayloadLength > 0).Select(s => s.HeaderBytes).Distinct())}; " +
                "the field's largest value, 15 words, is 60 bytes",
                segments.All(s => s.HeaderBytes is >= 20 and <= 60) ? Holds : DoesNotHold));

        if (syn is null || synAck is null)
            tips.Add(new NotesTip("第三次握手: ACK=1, ack = the server's seq + 1; the client's seq then = ??", "no complete handshake captured", NoData));
        else
        {
            var third = fromClient.FirstOrDefault(s => s.At >= synAck.At && !s.Flags.HasFlag(TcpFlags.Syn));
            var firstData = fromClient.FirstOrDefault(s => s.PayloadLength > 0);
            var ok = third is not null && third.Flags == TcpFlags.Ack && third.Acknowledgment == synAck.Sequence + 1 && third.Sequence == syn.Sequence + 1
                     && third.PayloadLength == 0 && (firstData is null || firstData.Sequence == third.Sequence);
            tips.Add(new NotesTip("第三次握手: ACK=1, ack = the server's seq + 1; the client's seq then = ??",
                third is null ? "no third packet" :
                    $"third packet: {Flags(third.Flags)}, seq {third.Sequence} (relative {Rel(third.Sequence, syn.Sequence)}), ack {third.Acknowledgment} = the server's ISN {synAck.Sequence} + 1, " +
                    $"{third.PayloadLength} bytes; the client's first data segment: seq {firstData?.Sequence.ToString(CultureInfo.InvariantCulture) ?? "none"}" +
                    (firstData is null ? "" : $" (relative {Rel(firstData.Sequence, syn.Sequence)})") +
                    " — the answer to ??: the client's ISN + 1, and a pure ACK consumes no sequence number, so its first byte of data carries the same seq",
                ok ? Holds : DoesNotHold));
        }

        var computedOk = all.Count(s => s.ChecksumMatches);
        tips.Add(all.Count == 0
            ? new NotesTip("校验和…接收端对整个报文进行CRC计算: the receiver computes a CRC", "no segment captured", NoData)
            : new NotesTip("校验和…接收端对整个报文进行CRC计算: the receiver computes a CRC",
                $"{computedOk} of {all.Count} checksums on the wire equal the lab's ones'-complement sum over the pseudo-header, header and data (RFC 9293 §3.1); " +
                $"a CRC-32 of the same bytes equals {crcMatches} of them",
                computedOk < all.Count ? NoData : crcMatches == 0 ? DoesNotHold : Holds));

        var data = segments.Where(s => s.PayloadLength > 0).ToList();
        tips.Add(data.Count == 0
            ? new NotesTip("PSH=1: the receiver should hand the data to the application at once", "no data segment", NoData)
            : new NotesTip("PSH=1: the receiver should hand the data to the application at once",
                $"{data.Count(s => s.Flags.HasFlag(TcpFlags.Psh))} of {data.Count} data segments carry PSH (Linux sets it on the last segment of each write)",
                data.All(s => s.Flags.HasFlag(TcpFlags.Psh)) ? Holds : DoesNotHold));

        var clientShift = syn?.Options.FirstOrDefault(o => o.WindowShift is not null)?.WindowShift;
        var serverShift = synAck?.Options.FirstOrDefault(o => o.WindowShift is not null)?.WindowShift;
        var scaled = clientShift is not null && serverShift is not null;
        var after = segments.Where(s => !s.Flags.HasFlag(TcpFlags.Syn)).ToList();
        tips.Add(after.Count == 0
            ? new NotesTip("窗口大小 2 bytes: how many bytes the sender can still receive from its ack number on", "no segment after the handshake", NoData)
            : new NotesTip("窗口大小 2 bytes: how many bytes the sender can still receive from its ack number on",
                $"window scale: client WS {clientShift?.ToString(CultureInfo.InvariantCulture) ?? "none"}, server WS {serverShift?.ToString(CultureInfo.InvariantCulture) ?? "none"}" +
                $"{(scaled ? "" : " (scaling off: both must send it)")}; after the handshake the client advertised {Windows(after, s => s.Source.Port == client.Port, scaled ? clientShift!.Value : 0)}, " +
                $"the server {Windows(after, s => s.Source.Port != client.Port, scaled ? serverShift!.Value : 0)}" +
                (scaled && (clientShift > 0 || serverShift > 0) ? ": once both SYNs carry WS the 2-byte field counts units of 2^WS bytes, not bytes" : ""),
                scaled && (clientShift > 0 || serverShift > 0) ? DoesNotHold : Holds));

        var fin = fromClient.FirstOrDefault(s => s.Flags.HasFlag(TcpFlags.Fin));
        var finAck = fin is null ? null : fromServer.FirstOrDefault(s => s.At >= fin.At && s.Flags.HasFlag(TcpFlags.Ack) && s.Acknowledgment == fin.Sequence + (uint)fin.PayloadLength + 1);
        tips.Add(fin is null || syn is null
            ? new NotesTip("FIN=1: the sender has finished sending", "no FIN from the client", NoData)
            : new NotesTip("FIN=1: the sender has finished sending",
                $"the client's FIN: seq {fin.Sequence} (relative {Rel(fin.Sequence, syn.Sequence)}), {fin.PayloadLength} bytes; the server acknowledged " +
                (finAck is null ? "nothing past it" : $"{finAck.Acknowledgment} (relative {Rel(finAck.Acknowledgment, syn.Sequence)}): the FIN took one sequence number, as a byte of data would"),
                finAck is not null ? Holds : DoesNotHold));

        var urgent = all.Where(s => s.Flags.HasFlag(TcpFlags.Urg)).ToList();
        tips.Add(urgent.Count == 0
            ? new NotesTip("紧急指针: the number of urgent bytes in this segment", "no segment with URG (run with --urgent)", NoData)
            : new NotesTip("紧急指针: the number of urgent bytes in this segment",
                string.Join("; ", urgent.Select(s => $"URG on {s.PayloadLength} bytes of data, one of them urgent (sent with MSG_OOB), urgent pointer {s.UrgentPointer}")) +
                ": Linux writes the offset from the segment's seq to the byte after the urgent one, not a count of urgent bytes" +
                string.Concat(reads.Select(r => $"; SO_OOBINLINE {(r.OobInline ? "on" : "off")}: recv() returned \"{r.InBand[0]}\" (up to the mark), " +
                                                 $"recv(MSG_OOB) {(r.OutOfBand is { } b ? $"\"{b}\"" : $"failed ({r.OutOfBandError})")}, then recv() " +
                                                 string.Join(", ", r.InBand.Skip(1).Select(x => $"\"{x}\"")))),
                urgent.All(s => s.UrgentPointer == 1) ? Holds : DoesNotHold));

        tips.Add(new NotesTip($"动态端口 {NotesDynamicLow} - 65535",
            $"IANA's dynamic ports are {IanaDynamicLow}–65535 (RFC 6335 §6); this machine's ephemeral range (ip_local_port_range) is " +
            (portRange is { } r ? $"{r.Low}–{r.High}" : "unknown") + $"; this exchange's client port {client.Port}",
            NotesDynamicLow == IanaDynamicLow ? Holds : DoesNotHold));
        return tips;
    }

    private static string Windows(IEnumerable<TcpSegment> segments, Func<TcpSegment, bool> side, int shift)
    {
        var values = segments.Where(side).Select(s => s.Window).Distinct().ToList();
        return values.Count == 0 ? "nothing" : string.Join(", ", values.Select(w => shift == 0 ? $"{w}" : $"{w} × 2^{shift} = {(long)w << shift} bytes"));
    }

    private static string Flags(TcpFlags flags) => flags.ToString().ToUpperInvariant().Replace(", ", "+", StringComparison.Ordinal);

    private static long Rel(uint value, uint isn) => (uint)(value - isn);
}
