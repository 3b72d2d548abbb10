namespace Lab.Logs.Analysis;

/// <summary>Everything <c>gateway analyze</c> says about one run directory; its JSON is the contract.</summary>
internal sealed record RunAnalysis(
    string Dir,
    IReadOnlyList<AnalyzedConnection> Connections,
    IReadOnlyList<Burst> Bursts,
    IReadOnlyList<SilentConnection> Silent,
    IReadOnlyList<PortIdGap> Gaps,
    IReadOnlyDictionary<string, string> Origins,
    AnalysisSummary Summary,
    IReadOnlyList<AnalyzedConnection> HttpConnections);
