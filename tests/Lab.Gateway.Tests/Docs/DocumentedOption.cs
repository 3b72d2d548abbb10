namespace Lab.Gateway.Tests.Docs;

/// <summary>One row of an options table: the option names in its first column (`--requests`, `-n`), its
/// default cell when the table has a default column, and the row's line in the file.</summary>
public sealed record DocumentedOption(IReadOnlyList<string> Names, string? Default, int Line);
