namespace Lab.Bench;

/// <summary>The servers compared side by side.</summary>
public enum ServerKind
{
    /// <summary>The lab's gateway, with its full per-connection logging.</summary>
    Gateway,

    /// <summary>bench/otp/gateway.escript: the idiomatic OTP 25 shape.</summary>
    Otp,

    /// <summary>bench/KestrelEcho: the framework default.</summary>
    Kestrel,
}
