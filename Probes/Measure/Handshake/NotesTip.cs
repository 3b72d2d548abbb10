namespace Lab.Probes.Handshake;

/// <summary>One of the field notes' TCP tips beside what this capture shows, and a verdict computed from it:
/// <c>holds</c>, <c>does not hold</c>, or <c>NO DATA</c> when the capture has nothing to judge it by.</summary>
internal sealed record NotesTip(string Notes, string Capture, string Verdict);
