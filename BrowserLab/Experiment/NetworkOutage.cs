namespace Lab.BrowserLab.Experiment;

/// <summary>The browser's network taken away during <c>--watch-after</c>: its namespace's link down
/// <see cref="After"/> the last navigation ended, up again <see cref="For"/> later (--network-down-after,
/// --network-down-for). The run happens inside a network namespace the lab creates, never the host's.</summary>
internal sealed record NetworkOutage(TimeSpan After, TimeSpan For);
