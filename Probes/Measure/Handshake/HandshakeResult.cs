namespace Lab.Probes.Handshake;

/// <summary><c>probe handshake --json</c>: the link the exchange crossed, every segment, the notes' tips with
/// their verdicts, where the capture is, and with --urgent what the receiver read.</summary>
internal sealed record HandshakeResult(string Client, string Server, string Device, string Pcap, IReadOnlyList<SegmentRow> Segments, IReadOnlyList<NotesTip> Tips)
{
    /// <summary>With --urgent: one read per connection (SO_OOBINLINE off, then on); empty otherwise.</summary>
    public IReadOnlyList<UrgentRead> UrgentReads { get; init; } = [];
}
