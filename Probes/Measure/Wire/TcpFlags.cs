namespace Lab.Probes.Wire;

/// <summary>The control bits of a TCP header's 13th and 14th bytes (RFC 9293 §3.1, and RFC 3168's CWR and ECE).</summary>
[Flags]
internal enum TcpFlags
{
    None = 0,
    Fin = 0x001,
    Syn = 0x002,
    Rst = 0x004,
    Psh = 0x008,
    Ack = 0x010,
    Urg = 0x020,
    Ece = 0x040,
    Cwr = 0x080,
}
