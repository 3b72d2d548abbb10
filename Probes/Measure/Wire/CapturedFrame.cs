namespace Lab.Probes.Wire;

/// <summary>One packet of a pcapng file: its interface's link type (LINKTYPE_* numbers), when it was
/// captured, and its bytes as captured (from the link-layer header on).</summary>
internal sealed record CapturedFrame(int LinkType, DateTimeOffset At, byte[] Data);
