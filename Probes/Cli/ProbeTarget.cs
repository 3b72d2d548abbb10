using Lab.Logs;
using System.Net;
using System.Net.Sockets;
using Lab.Common.Cli;

namespace Lab.Probes.Cli;

/// <summary>
/// Validates a probe's target: an absolute http:// URL on this machine (127.0.0.0/8, ::1, localhost) —
/// the lab sends traffic nowhere else — that accepts a TCP connection.
/// </summary>
internal static class ProbeTarget
{
    public static Uri ParseUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || string.IsNullOrEmpty(uri.Host))
            throw new UsageException($"--url: '{text}' is not an http:// URL (e.g. http://127.0.0.1:20080/)");
        if (!IsLoopback(uri.Host))
            throw new UsageException($"--url: {uri.Host} is not on this machine; probes only target 127.0.0.0/8, ::1 or localhost");
        return uri;
    }

    /// <summary>Connects once and closes, having sent nothing. To an IPv4 loopback target it connects from
    /// <see cref="LogContract.ReachabilityCheckSource"/>, so the gateway's logs show it as the lab's own check, not a
    /// client's silent preconnect (IPv6 has one loopback address, so a ::1 check is unmarked).</summary>
    public static async Task EnsureReachableAsync(string host, int port, string option)
    {
        var ipv4Loopback = (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed : null) is { AddressFamily: AddressFamily.InterNetwork } a && IPAddress.IsLoopback(a);
        using var socket = ipv4Loopback ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) : new Socket(SocketType.Stream, ProtocolType.Tcp);
        if (ipv4Loopback)
            socket.Bind(new IPEndPoint(IPAddress.Parse(LogContract.ReachabilityCheckSource), 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(host, port), timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            var why = e is SocketException s ? s.SocketErrorCode.ToString() : "timed out";
            throw new UsageException($"{option}: {host}:{port} is not reachable ({why})");
        }
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
