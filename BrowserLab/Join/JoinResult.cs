namespace Lab.BrowserLab.Join;

/// <summary>The joined connections, every time on the browser's clock, and the offset that put the
/// gateway's times there.</summary>
internal sealed record JoinResult(IReadOnlyList<JoinedConnection> Connections, ClockOffset Clock);
