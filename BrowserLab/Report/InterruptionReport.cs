namespace Lab.BrowserLab.Report;

/// <summary>report.json's <c>interruption</c>: what was done to the error page during the watch
/// (<c>hide</c>, <c>leave</c>, <c>offline</c>), when (into the watch, and in ms since the first navigation on the
/// NetLog's clock), how long the watch went on after it, and the connections and reload requests the gateway saw
/// after it.</summary>
internal sealed record InterruptionReport(string Kind, string What, long IntoWatchMs, double AtMs, double WatchedAfterMs, int ConnectionsAfter, int ReloadRequestsAfter);
