using System.Text;

namespace Lab.Framing;

/// <summary>
/// Guesses the origin of a bad head from its first bytes. A table, first match wins, so a new
/// protocol is one row: its kind, the name head_error's origin field and analyze print, how it is matched, and
/// what it means for this gateway.
/// </summary>
internal static class HeaderGuess
{
    private delegate bool Matcher(ReadOnlySpan<byte> head, out string? detail);

    private sealed record Rule(OriginKind Origin, string Name, Matcher Match, string Meaning);

    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"];

    // PROXY protocol v2 signature (haproxy proxy-protocol.txt, section 2.2).
    private static readonly byte[] ProxyV2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static readonly Rule[] Rules =
    [
        new(OriginKind.Http2Preface, "http2-preface", Prefix("PRI * HTTP/2.0"),
            "an HTTP/2 client (prior knowledge, RFC 9113 section 3.4) is talking to the binary port"),
        new(OriginKind.Http, "http", MatchHttpMethod,
            "a browser or HTTP client is talking to the binary port; its request line was read as a length"),
        new(OriginKind.Tls, "tls", MatchTls,
            "a TLS client (https:// or a TLS-wrapped client) is talking to the binary port"),
        new(OriginKind.Ssh, "ssh", Prefix("SSH-"),
            "an SSH client is talking to the binary port"),
        new(OriginKind.ProxyV1, "proxy-v1", Prefix("PROXY "),
            "a load balancer is sending a PROXY protocol v1 header the gateway does not expect"),
        new(OriginKind.ProxyV2, "proxy-v2", (ReadOnlySpan<byte> h, out string? d) =>
        {
            d = null;
            return h.Length >= 4 && ProxyV2Signature.AsSpan().StartsWith(h[..Math.Min(h.Length, 12)]);
        },
            "a load balancer is sending a PROXY protocol v2 header the gateway does not expect"),
        new(OriginKind.Resp, "resp", (ReadOnlySpan<byte> h, out string? d) =>
        {
            d = null;
            return h.Length >= 2 && (h[0] == (byte)'*' || h[0] == (byte)'$') && char.IsAsciiDigit((char)h[1]);
        },
            "a Redis (RESP) client is talking to the binary port"),
    ];

    private const string UnknownName = "unknown";
    private const string UnknownMeaning = "a peer that does not speak this gateway's framing, or a frame longer than the maximum packet size";

    /// <summary>An origin's name in the logs (the table's, "unknown" for <see cref="OriginKind.Unknown"/>).</summary>
    public static string NameOf(OriginKind origin) =>
        origin == OriginKind.Unknown ? UnknownName
        : Rules.FirstOrDefault(r => r.Origin == origin)?.Name ?? throw new ArgumentOutOfRangeException(nameof(origin), origin, "not in the origin table");

    /// <summary>What an origin name means for this gateway (the table's text).</summary>
    public static string MeaningOf(OriginKind origin) =>
        Rules.FirstOrDefault(r => r.Origin == origin)?.Meaning ?? UnknownMeaning;

    /// <summary>What an origin's logged name means; a name this build does not know means what an unknown head does.</summary>
    public static string MeaningOf(string origin) =>
        OriginNames.Parse(origin) is { } kind ? MeaningOf(kind) : UnknownMeaning;

    public static OriginGuess Guess(ReadOnlySpan<byte> head)
    {
        foreach (var rule in Rules)
        {
            if (rule.Match(head, out var detail))
                return new OriginGuess(rule.Origin, detail);
        }
        return new OriginGuess(OriginKind.Unknown, null);
    }

    private static Matcher Prefix(string ascii) => (ReadOnlySpan<byte> h, out string? d) =>
    {
        d = null;
        return StartsWith(h, ascii);
    };

    private static bool MatchHttpMethod(ReadOnlySpan<byte> head, out string? detail)
    {
        detail = null;
        foreach (var method in HttpMethods)
        {
            var token = Encoding.ASCII.GetBytes(method + " ");
            // Only the bytes that arrived can be compared; four are always there for {packet,4}.
            var n = Math.Min(head.Length, token.Length);
            if (n >= Math.Min(4, token.Length) && head[..n].SequenceEqual(token.AsSpan(0, n)))
            {
                detail = method;
                return true;
            }
        }
        return false;
    }

    private static bool MatchTls(ReadOnlySpan<byte> head, out string? detail)
    {
        detail = null;
        // TLS record: content type 22 (handshake), record version 0x03 0x0X (RFC 8446 section 5.1).
        if (head.Length < 3 || head[0] != 0x16 || head[1] != 0x03 || head[2] > 0x04)
            return false;
        // The record layer says 0x0301 whatever is negotiated; a ClientHello (handshake type 1 at
        // offset 5) carries its own legacy_version at offsets 9-10.
        if (head.Length >= 11 && head[5] == 0x01 && head[9] == 0x03)
            detail = "ClientHello " + TlsVersionName(head[10]);
        else
            detail = "record " + TlsVersionName(head[2]);
        return true;
    }

    private static string TlsVersionName(byte minor) => minor switch
    {
        0x00 => "SSL 3.0",
        0x01 => "TLS 1.0",
        0x02 => "TLS 1.1",
        0x03 => "TLS 1.2 (TLS 1.3 also says 1.2 here)",
        _ => $"0x03{minor:X2}",
    };

    private static bool StartsWith(ReadOnlySpan<byte> head, string ascii)
    {
        var n = Math.Min(head.Length, ascii.Length);
        if (n < Math.Min(4, ascii.Length))
            return false;
        for (var i = 0; i < n; i++)
        {
            if (head[i] != ascii[i])
                return false;
        }
        return true;
    }
}
