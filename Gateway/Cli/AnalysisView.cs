namespace Lab.Gateway.Cli;

/// <summary>How <c>gateway analyze</c>'s text shows a run: the compact table or <c>--wide</c>, only
/// connections ending with <c>--reason</c>, at most <c>--limit</c> rows, and the HTTP-endpoint
/// connections with <c>--http</c>. The JSON is always complete.</summary>
internal sealed record AnalysisView(bool Wide = false, string? Reason = null, int? Limit = null, bool Http = false);
