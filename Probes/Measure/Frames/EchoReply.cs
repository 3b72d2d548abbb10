namespace Lab.Probes.Frames;

/// <summary>What one echo reply turned out to be, once matched to its frame by sequence number.</summary>
internal enum EchoReply
{
    /// <summary>The whole frame came back intact, within its deadline, after every lower sequence number seen so far.</summary>
    Echo,

    /// <summary>Intact and within its deadline, but a higher sequence number had already come back on this connection.</summary>
    Reordered,

    /// <summary>Intact, for a frame already counted lost at its deadline.</summary>
    Late,

    /// <summary>Damaged (index or filler bytes differ), or it names no frame awaited or remembered lost.</summary>
    Corrupted,
}
