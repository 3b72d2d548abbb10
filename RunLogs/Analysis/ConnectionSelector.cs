using System.Globalization;
using System.Net;
using Lab.Common.Cli;
using Lab.Logs;

namespace Lab.Logs.Analysis;

/// <summary>Which connection a user means: a port id (<c>7</c> or <c>#Port&lt;0.7&gt;</c>) or the client's
/// <c>ip:port</c> (every connection that client port had, in a long run possibly several).</summary>
internal sealed record ConnectionSelector(string Text, long? PortId, string? Peer)
{
    public static ConnectionSelector Parse(string text)
    {
        var t = text.Trim();
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            return new(text, id, null);
        if (LogContract.TryParsePort(t, out var port))
            return new(text, port, null);
        if (IPEndPoint.TryParse(t, out var endpoint) && endpoint.Port > 0 && t.Contains(':'))
            return new(text, null, endpoint.ToString());
        throw new UsageException($"'{text}' is not a connection: give a port id (7 or #Port<0.7>) or the client's ip:port (127.0.0.1:51234)");
    }

    /// <summary>Text that appears in every text-log line of the connection (the message leads with it).</summary>
    public string? TextNeedle => PortId is { } id ? PortNeedle(id) : Peer is { } p ? PeerNeedle(p) : null;

    /// <summary>What every text-log line of this port id holds: the id, then a space.</summary>
    public static string PortNeedle(long portId) => LogContract.FormatPort(portId) + " ";

    /// <summary>What every text-log line of a connection from this client holds.</summary>
    public static string PeerNeedle(string peer) => $" {LogContract.Fields.Peer}={peer} ";
}
