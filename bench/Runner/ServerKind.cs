namespace Lab.Bench;

/// <summary>The servers compared side by side; every one but the gateway is a peer, a server a user could pick instead.</summary>
public enum ServerKind
{
    /// <summary>The lab's gateway, with its full per-connection logging.</summary>
    Gateway,

    /// <summary>bench/otp/gateway.escript: the idiomatic OTP 25 shape.</summary>
    Otp,

    /// <summary>bench/KestrelEcho: the framework default.</summary>
    Kestrel,

    /// <summary>bench/netty/NettyEcho.java: Netty 4.1's event loops and LengthFieldBasedFrameDecoder.</summary>
    Netty,

    /// <summary>bench/go/echo.go: a goroutine per connection with bufio.</summary>
    Go,
}
