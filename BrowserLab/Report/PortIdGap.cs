namespace Lab.BrowserLab.Report;

/// <summary>Ids missing between two consecutive connections of the experiment, and what took them.</summary>
public sealed record PortIdGap(long From, long To, IReadOnlyList<string> TakenBy);
