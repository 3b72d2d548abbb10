using System.Text;

namespace Lab.Testing;

/// <summary>One table of heads that are not frames, reused by the parser, loopback and interop tests. One
/// source file, linked into the framing tests and the gateway tests.</summary>
internal static class BadHeads
{
    public static readonly byte[] BogusGet = Encoding.ASCII.GetBytes("GET /anything HTTP/1.1\r\nHost: x\r\n\r\n");

    // A TLS 1.2 ClientHello's first bytes: record 0x16 0x0301, handshake type 1, legacy_version 0x0303.
    public static readonly byte[] TlsClientHello =
        [0x16, 0x03, 0x01, 0x00, 0xF4, 0x01, 0x00, 0x00, 0xF0, 0x03, 0x03, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66];

    public static readonly byte[] Http2Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    /// <summary>Name, bytes, the length a {packet,4} header read from them declares, the origin guessed.</summary>
    public static TheoryData<string, byte[], uint, string> All => new()
    {
        { "GET", BogusGet, 1195725856u, "http" },
        { "POST", Encoding.ASCII.GetBytes("POST /login HTTP/1.1\r\n\r\n"), 1347375956u, "http" },
        { "TLS", TlsClientHello, 0x16030100u, "tls" },
        { "HTTP/2", Http2Preface, 0x50524920u, "http2-preface" },
        { "SSH", Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2\r\n"), 0x5353482Du, "ssh" },
    };
}
