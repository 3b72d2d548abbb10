namespace Lab.Gateway.Connections;

/// <summary>What the gateway does with a connection whose head is not a frame (a head_error).</summary>
public enum RejectPolicy
{
    /// <summary>Take what has already arrived (bounded), then close gracefully with FIN.</summary>
    Fin,

    /// <summary>Close abortively (linger 0): the peer sees RST.</summary>
    Rst,

    /// <summary>Answer <c>HTTP/1.1 400 Bad Request</c> with <c>Connection: close</c>, then close.</summary>
    Http400,

    /// <summary>OTP <c>{packet,4}</c> without packet_size: keep reading and discarding, "waiting" for
    /// the declared length, until the idle or frame timeout.</summary>
    Hold,
}
