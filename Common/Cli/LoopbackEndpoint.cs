using System.Net;

namespace Lab.Common.Cli;

/// <summary>
/// <c>HOST:PORT</c> on this machine, as <c>--target</c> and <c>--gateway</c> take it: an address in
/// 127.0.0.0/8, <c>[::1]</c> or <c>localhost</c>, and a port from 1 to 65535. The lab sends traffic
/// nowhere else.
/// </summary>
internal static class LoopbackEndpoint
{
    public static IPEndPoint Parse(string text, string optionName)
    {
        var candidate = text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + text[9..] : text;
        if (!IPEndPoint.TryParse(candidate, out var endpoint) || endpoint.Port == 0)
            throw new UsageException($"{optionName}: '{text}' is not HOST:PORT (e.g. 127.0.0.1:20001)");
        if (!IPAddress.IsLoopback(endpoint.Address))
            throw new UsageException($"{optionName}: {text} is not on this machine; the lab only sends traffic to 127.0.0.0/8, ::1 or localhost");
        return endpoint;
    }
}
