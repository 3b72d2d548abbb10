using System.Net.Sockets;

namespace Lab.Probes.Kernel;

/// <summary>POSIX errno names for socket errors, as the seed and OTP's atoms write them.</summary>
internal static class ErrnoName
{
    public static string Of(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable => "EADDRNOTAVAIL",
        SocketError.AddressAlreadyInUse => "EADDRINUSE",
        SocketError.ConnectionRefused => "ECONNREFUSED",
        SocketError.ConnectionReset => "ECONNRESET",
        SocketError.TimedOut => "ETIMEDOUT",
        SocketError.NetworkUnreachable => "ENETUNREACH",
        SocketError.HostUnreachable => "EHOSTUNREACH",
        SocketError.TooManyOpenSockets => "EMFILE",
        SocketError.NoBufferSpaceAvailable => "ENOBUFS",
        SocketError.AccessDenied => "EACCES",
        var other => other.ToString(),
    };
}
