namespace Lab.BrowserLab.Report;

/// <summary>One line of the field notes' experiment set beside this run: what the notes saw, what this
/// run saw, the mechanism behind it (from the NetLog's account), and <c>matches</c> or <c>differs, because …</c>.
/// <see cref="Connections"/> are the <c>portId</c>s of this run's connections the line speaks of (report.html links
/// the row to their lanes); empty when the run has none to show for it.</summary>
internal sealed record SeedLine(string Seed, string Run, string Mechanism, string Verdict, IReadOnlyList<long> Connections);
