namespace Lab.BrowserLab.Report;

/// <summary>One step of the schedule: when it began (ms since the first navigation), whether it started
/// fresh, and where each socket it used came from.</summary>
internal sealed record StepReport(int Step, double StartMs, bool FreshStart, IReadOnlyList<string> Sockets);
