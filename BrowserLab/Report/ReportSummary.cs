namespace Lab.BrowserLab.Report;

internal sealed record ReportSummary
{
    public required int Navigations { get; init; }
    public required int Connections { get; init; }
    public required int Retries { get; init; }
    public required int UnusedPreconnects { get; init; }
    public required int Unexplained { get; init; }

    /// <summary>Main-frame reloads Chromium made of its own error page (requests, not connections).</summary>
    public required int AutoReloads { get; init; }
    public required IReadOnlyList<int> ConnectionsPerNavigation { get; init; }
    public required IReadOnlyDictionary<string, int> RetryErrors { get; init; }
    public required IReadOnlyList<string> NavigationOutcomes { get; init; }
    public int WireMismatches { get; init; }
}
