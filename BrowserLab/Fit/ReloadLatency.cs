namespace Lab.BrowserLab.Fit;

/// <summary>What the run measured and the predictions used (<c>fit --json</c>'s <c>measured</c>): every reload's
/// time beyond its delay, their median (used past the last one seen), and how far the run watched.</summary>
internal sealed record ReloadLatency(int Reloads, IReadOnlyList<double> AddedS, double MedianAddedS, double LastReloadAfterS, int LongestChain);
