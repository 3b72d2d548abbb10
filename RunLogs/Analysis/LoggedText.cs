using System.Text;
using Lab.Common.Text;

namespace Lab.Logs.Analysis;

/// <summary>A string value read back from a log, made safe to print: a damaged or edited log can hold
/// anything, and a value such as <c>"headAscii":"\u001b[31m…\u0007"</c> is valid JSON that would reach the
/// user's terminal raw on every row it fills.</summary>
internal static class LoggedText
{
    /// <summary>Printable ASCII as it is, every other character escaped like a peer's bytes
    /// (<see cref="PeerText"/>: <c>\x1B</c>, <c>\x9B</c>, <c>\uFFFD</c>). Quotes and backslashes stay single:
    /// the gateway escaped the peer's text before logging it, so escaping them again would double every
    /// escape of an undamaged log (<c>"\x16\x03"</c> would read <c>"\\x16\\x03"</c>).</summary>
    public static string? Printable(string? value)
    {
        if (value is null || value.All(IsPrintableAscii))
            return value;
        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (IsPrintableAscii(c))
                text.Append(c);
            else
                text.Append(PeerText.Escape(c.ToString()));
        }
        return text.ToString();
    }

    private static bool IsPrintableAscii(char c) => c is >= ' ' and <= '~';
}
