namespace Lab.Probes.Handshake;

/// <summary><c>probe handshake --json</c>: the link the exchange crossed, every segment, the notes' tips with
/// their verdicts, and where the capture is.</summary>
internal sealed record HandshakeResult(string Client, string Server, string Device, string Pcap, IReadOnlyList<SegmentRow> Segments, IReadOnlyList<NotesTip> Tips);
