namespace Lab.BrowserLab.Clients;

/// <summary>clients.json's <c>vary</c>: the clients re-run with their bounding setting changed
/// (<see cref="Settings"/>, by client), in the same shape as the main runs.</summary>
internal sealed record VariedRuns(IReadOnlyDictionary<string, string> Settings, IReadOnlyList<ClientRun> Runs, IReadOnlyList<ClientSummary> Summary);
