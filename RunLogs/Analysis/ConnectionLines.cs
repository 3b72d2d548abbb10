namespace Lab.Logs.Analysis;

/// <summary>One connection's lines as <c>gateway conn</c> prints them: its text lines in order and, with
/// <c>--json</c>, its events from gateway.clef as JSON objects (raw lines, never re-serialised).</summary>
internal sealed record ConnectionLines(long PortId, IReadOnlyList<string> TextLines, IReadOnlyList<string> JsonEvents, string Source);
