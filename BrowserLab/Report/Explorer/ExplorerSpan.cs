namespace Lab.BrowserLab.Report.Explorer;

/// <summary>A stretch of the run a button zooms to: a navigation, or a burst of connections within one.</summary>
/// <param name="Id">The button's id in the page (<c>nav-1</c>, <c>burst-1-1</c>).</param>
/// <param name="Start">Where its line is drawn: a navigation's start, a burst's first mark.</param>
/// <param name="From">From and to: what the button zooms to, every mark of its lanes included.</param>
/// <param name="Lanes">The keys of the lanes it covers.</param>
internal sealed record ExplorerSpan(string Id, string Label, double Start, double From, double To, IReadOnlyList<int> Lanes);
