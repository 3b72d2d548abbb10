namespace Lab.BrowserLab.Clients;

/// <summary>clients.json's <c>summary[]</c>: the gateway's connection counts over the trials.</summary>
internal sealed record ClientSummary(string Client, string Policy, double ConnectionsMedian, int ConnectionsMin, int ConnectionsMax);
