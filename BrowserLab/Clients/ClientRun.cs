namespace Lab.BrowserLab.Clients;

/// <summary>One attempt of one client under one policy, as clients.json's <c>runs[]</c> holds it. The counts
/// are the gateway's (its log: connections accepted during the attempt); <see cref="ClientOwnCount"/> and
/// <see cref="ClientOwnRetries"/> are the client's own account, null for a client that keeps no log.</summary>
internal sealed record ClientRun(
    string Client, string Policy, int Trial, int Connections, int WithRequest, double SpanMs, string ClientError,
    int? ClientOwnCount, int? ClientOwnRetries, bool CutOff)
{
    /// <summary>The attempt's connections as clients.html draws them (<see cref="ClientAttemptTimeline"/>); not in clients.json.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Report.Explorer.ExplorerModel? Timeline { get; init; }
}
