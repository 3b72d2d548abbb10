namespace Lab.Framing;

internal enum PacketReadStatus
{
    /// <summary>A whole frame: header and payload are in the buffer.</summary>
    Frame,

    /// <summary>Fewer bytes than the header: no frame has started.</summary>
    NeedHeader,

    /// <summary>The header is in and within bounds; the payload is still arriving (the frame timeout runs).</summary>
    NeedBody,

    /// <summary>The header declares more than the maximum packet size (gen_tcp's emsgsize).</summary>
    HeadError,
}
