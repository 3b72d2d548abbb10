namespace Lab.BrowserLab.Report.Explorer;

/// <summary>A row of one of the report's tables, or one cell of it, that leads to lanes: clicking it zooms the
/// timeline to those lanes and marks them. No lanes: the row says so and leads nowhere.</summary>
/// <param name="Table">The table's id in the page (<c>seed</c>, <c>notes-clock</c>).</param>
/// <param name="Row">The row's position in the table's body.</param>
/// <param name="Column">The cell's position in the row; null for the whole row.</param>
/// <param name="Lanes">The keys of the lanes it leads to.</param>
internal sealed record ExplorerLink(string Table, int Row, int? Column, IReadOnlyList<int> Lanes);
