namespace Lab.Probes.Wire;

/// <summary>One TCP option as sent: its kind, length, and what it says, in the words tcpdump and the notes use
/// (<c>MSS 65495</c>, <c>SACK permitted</c>, <c>TS val 1 ecr 0</c>, <c>NOP</c>, <c>WS 7</c>, <c>SACK 1-5</c>, <c>EOL</c>).</summary>
internal sealed record TcpOption(int Kind, int Length, string Text)
{
    public const int EndOfList = 0, NoOperation = 1, MaximumSegmentSize = 2, WindowScale = 3, SackPermitted = 4, Sack = 5, Timestamps = 8;

    public int? Mss { get; init; }
    public int? WindowShift { get; init; }
    public uint? TimestampValue { get; init; }
    public uint? TimestampEcho { get; init; }
}
