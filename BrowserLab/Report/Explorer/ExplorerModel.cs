namespace Lab.BrowserLab.Report.Explorer;

/// <summary>What report.html's timeline is drawn from, embedded in the page as JSON: every connection's lane, the
/// navigations and the bursts within them, and the run's extent (ms since the run started, browser's clock);
/// <see cref="Links"/> lead rows of the report's tables to their lanes.</summary>
internal sealed record ExplorerModel(
    IReadOnlyList<ExplorerLane> Lanes, IReadOnlyList<ExplorerSpan> Navigations, IReadOnlyList<ExplorerSpan> Bursts, double From, double To)
{
    public IReadOnlyList<ExplorerLink> Links { get; init; } = [];
}
