using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lab.Common.Cli;

namespace Lab.Bench.Cluster;

/// <summary>
/// The engine only loads what the user runs on this machine: an IPv4 literal in 127.0.0.0/8 (every one of
/// them is loopback on Linux, so 127.0.0.2, 127.0.0.3, … are distinct client addresses without any setup).
/// Host names are refused rather than resolved: a name could point anywhere. Traffic beyond loopback goes
/// only to namespaces the run creates itself (<see cref="ClusterNetwork"/>, --client-hosts).
/// </summary>
internal static class LoopbackAddress
{
    public static IPEndPoint ParseTarget(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new UsageException($"--target: '{text}' is not HOST:PORT (e.g. 127.0.0.1:20001)");
        return new IPEndPoint(Parse(text[..colon], "--target"), port);
    }

    public static IPAddress Parse(string text, string optionName)
    {
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
            throw new UsageException($"{optionName}: '{text}' is not an IPv4 address; the lab loads only 127.0.0.0/8 (a target you run on this machine)");
        if (address.GetAddressBytes()[0] != 127)
            throw new UsageException(optionName == "--target"
                ? $"--target: {address} is outside 127.0.0.0/8; the lab loads only a target you run on this machine (--client-hosts loads one across network namespaces the run creates)"
                : $"{optionName}: {address} is outside 127.0.0.0/8; client addresses here are loopback ones (127.0.0.2, 127.0.0.3, …)");
        return address;
    }
}
