namespace Lab.Framing;

/// <summary>
/// A header whose declared length exceeds the maximum packet size, as gen_tcp reports
/// <c>emsgsize</c> for <c>{packet,N}</c> with <c>packet_size</c>. A value, not an exception:
/// the handler decides how to log and close.
/// </summary>
internal readonly record struct HeadError(uint DeclaredLength, int HeaderSize, int MaxPacket)
{
    public string DeclaredLengthHex => "0x" + DeclaredLength.ToString(HeaderSize switch
    {
        1 => "X2",
        2 => "X4",
        _ => "X8",
    });
}
