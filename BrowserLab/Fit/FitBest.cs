namespace Lab.BrowserLab.Fit;

/// <summary>The story and table that fit best; <c>fit --json</c>'s <c>best</c> is null when undecided or without data.</summary>
internal sealed record FitBest(string Name, string Table);
