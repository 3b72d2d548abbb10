using Lab.Common.Text;
using System.Text;
using Lab.Probes.Handshake;

namespace Lab.Probes.Output;

/// <summary><c>probe handshake</c>'s text: a segment per two lines (relative numbers first, absolute ones and the
/// options under them), then the notes' tips with what the capture shows and the verdict. The segment table's rows fit
/// 120 columns; the prose under them folds at the terminal's width (100 when piped).</summary>
internal static class HandshakeText
{

    public static string Render(HandshakeResult r)
    {
        var text = new StringBuilder();
        text.AppendLine($"{r.Client} → {r.Server} across {r.Device} (veth, checksum offload off)");
        text.AppendLine(Wrap(r.Pcap, "capture: ", "  "));
        text.AppendLine();
        text.AppendLine($"{"#",2} {"ms",9} {"dir",-4} {"flags",-15} {"seq",6} {"ack",6} {"header",-12} {"window",-14} {"data",4}  {"checksum wire = lab",-19} {"urg",3}");
        foreach (var s in r.Segments)
        {
            var window = s.WindowScale is { } shift && shift > 0 ? $"{s.Window} ×2^{shift}" : $"{s.Window}{(s.WindowScale is null ? " (SYN)" : "")}";
            var sum = $"{s.Checksum} {(s.ChecksumOk ? "=" : "≠")} {s.ChecksumComputed}";
            text.AppendLine($"{s.Index,2} {s.AtMs,9:0.000} {(s.Direction.StartsWith("client", StringComparison.Ordinal) ? "c→s" : "s→c"),-4} {s.Flags,-15} " +
                            $"{s.RelativeSeq,6} {(s.RelativeAck is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"),6} " +
                            $"{$"{s.HeaderBytes} B ({s.DataOffset}×4)",-12} {window,-14} {s.PayloadBytes,4}  {sum,-19} {s.UrgentPointer,3}");
            text.AppendLine(Wrap($"seq {s.Seq} ack {s.Ack}" + (s.Options.Count > 0 ? $"; options: {string.Join(", ", s.Options)}" : ""), new string(' ', 17)));
        }
        text.AppendLine();
        text.AppendLine("The notes' tips against this capture:");
        foreach (var tip in r.Tips)
        {
            text.AppendLine(Wrap(tip.Notes, "- ", "  "));
            text.AppendLine(Wrap(tip.Capture, "  "));
            text.AppendLine($"  verdict: {tip.Verdict}");
        }
        return text.ToString();
    }

    private static string Wrap(string paragraph, string first, string? rest = null) => Prose.Fold(paragraph, first, rest);
}
