using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Lab.Common.Cli;

namespace Lab.Gateway.Analysis;

/// <summary>Which connection a user means: a port id (<c>7</c> or <c>#Port&lt;0.7&gt;</c>) or the client's
/// <c>ip:port</c> (every connection that client port had, in a long run possibly several).</summary>
public sealed partial record ConnectionSelector(string Text, long? PortId, string? Peer)
{
    public static ConnectionSelector Parse(string text)
    {
        var t = text.Trim();
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            return new(text, id, null);
        if (PortPattern().Match(t) is { Success: true } m)
            return new(text, long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), null);
        if (IPEndPoint.TryParse(t, out var endpoint) && endpoint.Port > 0 && t.Contains(':'))
            return new(text, null, endpoint.ToString());
        throw new UsageException($"'{text}' is not a connection: give a port id (7 or #Port<0.7>) or the client's ip:port (127.0.0.1:51234)");
    }

    /// <summary>Text that appears in every text-log line of the connection (the message leads with it).</summary>
    public string? TextNeedle => PortId is { } id ? $"#Port<0.{id}> " : Peer is { } p ? $" peer={p} " : null;

    [GeneratedRegex(@"^#Port<0\.(\d+)>$")]
    private static partial Regex PortPattern();
}
