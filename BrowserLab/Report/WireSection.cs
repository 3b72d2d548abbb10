using Lab.Logs;
using Lab.BrowserLab.Join;

namespace Lab.BrowserLab.Report;

/// <summary>The wire view of a --capture run: per connection what the TCP headers showed, and what
/// those header fields are.</summary>
internal static class WireSection
{
    public static readonly string[] Columns = ["#Port", "client port", "SYNs", "MSS", "window scale", "SACK", "timestamps", "first FIN/RST", "gateway sent first", "matches closeKind", "tshark -Y"];

    public static readonly string[] Explanation =
    [
        "MSS (maximum segment size, a SYN option, RFC 9293 section 3.7.1): the largest payload the sender accepts in one segment; 65495 on loopback (MTU 65536 minus 40 bytes of IP and TCP headers).",
        "Window scale (RFC 7323): the 16-bit receive window in every header is shifted left by this many bits, so windows above 64 KiB fit.",
        "SACK permitted (RFC 2018): the receiver may acknowledge out-of-order blocks selectively instead of only the next expected byte.",
        "Timestamps (RFC 7323): each segment carries the sender's clock, for round-trip measurement and protection against wrapped sequence numbers (PAWS); tcp_tw_reuse relies on them.",
        "FIN (a graceful end: 'I have sent everything') and RST (an abortive end: 'this connection is gone') are flags in the header; the first one seen, and which side sent it, is what ended the connection on the wire.",
    ];

    public static IEnumerable<string[]> Rows(IEnumerable<JoinedConnection> connections) =>
        connections.Where(c => c.Wire is not null).Select(c => new[]
        {
            c.PortId is { } p ? LogContract.FormatPort(p) : "—",
            c.ClientPort.ToString(),
            c.Wire!.SynCount.ToString(),
            c.Wire.Mss?.ToString() ?? "",
            c.Wire.WindowScale?.ToString() ?? "",
            c.Wire.SackPermitted ? "yes" : "no",
            c.Wire.Timestamps ? "yes" : "no",
            c.Wire.FirstCloseKind is null ? "none" : $"{c.Wire.FirstCloseKind} by {c.Wire.FirstCloseBy}",
            c.Wire.GatewayCloseKind ?? "",
            c.Wire.MatchesGateway ? "yes" : $"NO (gateway logged {c.CloseKind ?? "no close kind"})",
            c.Wire.DisplayFilter,
        });
}
