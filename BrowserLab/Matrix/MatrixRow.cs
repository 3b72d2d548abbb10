namespace Lab.BrowserLab.Matrix;

/// <summary>One policy over its trials: connections per navigation, retries and unused preconnects per
/// trial, and every browser error name seen.</summary>
internal sealed record MatrixRow(
    string Policy, int Trials, Spread ConnectionsPerNavigation, Spread Retries, Spread UnusedPreconnects,
    IReadOnlyList<string> BrowserErrors, IReadOnlyList<string> Reports);
