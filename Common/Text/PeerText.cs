using System.Text;

namespace Lab.Common.Text;

/// <summary>
/// Renders bytes and strings that came from a peer so they can never reach a log or report raw:
/// printable ASCII stays, quotes and backslashes are escaped, everything else becomes an escape.
/// </summary>
internal static class PeerText
{
    public static string EscapeAscii(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 8);
        foreach (var b in bytes)
            AppendEscaped(sb, (char)b, b);
        return sb.ToString();
    }

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            AppendEscaped(sb, c, c);
        return sb.ToString();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    private static void AppendEscaped(StringBuilder sb, char c, int code)
    {
        switch (c)
        {
            case '\r': sb.Append("\\r"); break;
            case '\n': sb.Append("\\n"); break;
            case '\t': sb.Append("\\t"); break;
            case '\0': sb.Append("\\0"); break;
            case '"': sb.Append("\\\""); break;
            case '\\': sb.Append("\\\\"); break;
            default:
                if (code is >= 0x20 and < 0x7F)
                    sb.Append(c);
                else if (code <= 0xFF)
                    sb.Append("\\x").Append(code.ToString("X2"));
                else
                    sb.Append("\\u").Append(code.ToString("X4"));
                break;
        }
    }
}
