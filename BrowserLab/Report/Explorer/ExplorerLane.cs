namespace Lab.BrowserLab.Report.Explorer;

/// <summary>One connection as report.html's timeline draws it: its lane's identity, its marks (ms on the report's
/// one clock, the browser's, since the run started) and what the tooltip says. Null marks are not drawn.</summary>
internal sealed record ExplorerLane
{
    /// <summary>The lane's key in the page (<c>data-key</c>): the connection's position in report.json.</summary>
    public required int Key { get; init; }
    public required string Port { get; init; }
    public required int ClientPort { get; init; }
    public required string Role { get; init; }
    public required string Opener { get; init; }
    public int? Navigation { get; init; }
    public string? Request { get; init; }
    public double? Connect { get; init; }
    public double? FirstByte { get; init; }
    public double? HeadError { get; init; }
    public double? Close { get; init; }
    public double? GatewayInit { get; init; }
    public double? BrowserClosed { get; init; }
    public long BytesIn { get; init; }
    public long BytesOut { get; init; }
    public string? Head { get; init; }
    public string? CloseKind { get; init; }
    public string? ClosedBy { get; init; }
    public string? Reason { get; init; }
    public string? BrowserError { get; init; }
    public string? NetLogCloseReason { get; init; }

    /// <summary>The earliest and latest of its marks, null when it has none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public (double From, double To)? Extent =>
        new[] { Connect, FirstByte, HeadError, Close, GatewayInit, BrowserClosed }.OfType<double>().ToList() is { Count: > 0 } marks
            ? (marks.Min(), marks.Max())
            : null;
}
