namespace Lab.BrowserLab.Chromium;

/// <summary>One navigation as Playwright saw it: when, where, and how it ended (<see cref="Error"/> is the
/// navigation's net error name, e.g. ERR_EMPTY_RESPONSE; <see cref="Status"/> the HTTP status if a
/// response arrived).</summary>
internal sealed record NavigationRecord(
    int Index, int Step, string Url, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string? Error, int? Status,
    IReadOnlyList<string> Requests, IReadOnlyList<string> FailedRequests)
{
    /// <summary>False when its step used a socket opened before the step began, or carried an earlier step's
    /// error-page reload (set by the report; null before it is built).</summary>
    public bool? FreshStart { get; init; }
}
