using System.Net;
using Lab.Probes.Wire;

namespace Lab.Probes.Handshake;

/// <summary>Captured segments as rows: direction from the client's port, numbers relative to each side's initial
/// sequence number (its SYN's), and the window scale each side announced in its SYN once both did.</summary>
internal static class SegmentRows
{
    /// <param name="clients">Each connection's client end, in order: a segment belongs to the connection whose client port it carries.</param>
    public static IReadOnlyList<SegmentRow> Of(IReadOnlyList<TcpSegment> segments, IReadOnlyList<IPEndPoint> clients)
    {
        int? Shift(TcpSegment? syn) => syn?.Options.FirstOrDefault(o => o.WindowShift is not null)?.WindowShift;
        var start = segments.Count > 0 ? segments[0].At : default;
        return segments.Select((s, i) =>
        {
            var connection = clients.ToList().FindIndex(c => c.Port == s.Source.Port || c.Port == s.Destination.Port);
            var clientPort = connection < 0 ? -1 : clients[connection].Port;
            bool FromClient(TcpSegment x) => x.Source.Port == clientPort;
            var mine = segments.Where(x => x.Source.Port == clientPort || x.Destination.Port == clientPort).ToList();
            var clientSyn = mine.FirstOrDefault(x => FromClient(x) && x.Flags.HasFlag(TcpFlags.Syn));
            var serverSyn = mine.FirstOrDefault(x => !FromClient(x) && x.Flags.HasFlag(TcpFlags.Syn));
            var scaling = Shift(clientSyn) is not null && Shift(serverSyn) is not null;
            var own = FromClient(s) ? clientSyn : serverSyn;
            var other = FromClient(s) ? serverSyn : clientSyn;
            return new SegmentRow(i + 1, connection + 1, Math.Round((s.At - start).TotalMilliseconds, 3), FromClient(s) ? "client → server" : "server → client",
                FlagText(s.Flags), s.Sequence, s.Acknowledgment,
                own is null ? s.Sequence : (uint)(s.Sequence - own.Sequence),
                s.Flags.HasFlag(TcpFlags.Ack) && other is not null ? (uint)(s.Acknowledgment - other.Sequence) : null,
                s.DataOffsetWords, s.HeaderBytes, s.Options.Select(o => o.Text).ToList(), s.Window,
                s.Flags.HasFlag(TcpFlags.Syn) ? null : scaling ? Shift(own) : 0,
                s.PayloadLength, $"0x{s.Checksum:x4}", $"0x{s.ComputedChecksum:x4}", s.ChecksumMatches, s.UrgentPointer);
        }).ToList();
    }

    /// <summary>SYN ACK PSH FIN RST URG (and ECE, CWR when set), in that order.</summary>
    public static string FlagText(TcpFlags flags) =>
        string.Join(" ", new[] { (TcpFlags.Syn, "SYN"), (TcpFlags.Ack, "ACK"), (TcpFlags.Psh, "PSH"), (TcpFlags.Fin, "FIN"), (TcpFlags.Rst, "RST"),
            (TcpFlags.Urg, "URG"), (TcpFlags.Ece, "ECE"), (TcpFlags.Cwr, "CWR") }.Where(f => flags.HasFlag(f.Item1)).Select(f => f.Item2));
}
