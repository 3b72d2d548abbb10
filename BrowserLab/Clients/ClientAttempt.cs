namespace Lab.BrowserLab.Clients;

/// <summary>What one client said of one attempt: its final error as it reports it, the connections and
/// retries its own log shows (null when it keeps none), and whether it was stopped while still trying.</summary>
internal sealed record ClientAttempt(string Error, int? OwnCount, int? OwnRetries, bool CutOff);
