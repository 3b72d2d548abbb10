namespace Lab.Logs.Analysis;

/// <summary>One line of <c>ports.log</c>: which id was taken, when, and by what.</summary>
internal sealed record PortJournalEntry(long PortId, DateTimeOffset Time, string TakenBy, string Detail);
