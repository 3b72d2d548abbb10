namespace Lab.BrowserLab.Report;

/// <summary>One line of the field notes' experiment set beside this run: what the notes saw, what this
/// run saw, the mechanism behind it (from the NetLog's account), and <c>matches</c> or <c>differs, because …</c>.</summary>
internal sealed record SeedLine(string Seed, string Run, string Mechanism, string Verdict);
