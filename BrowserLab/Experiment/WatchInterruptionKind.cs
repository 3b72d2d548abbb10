namespace Lab.BrowserLab.Experiment;

/// <summary>The ways <c>browser run</c> can try to stop the error page's reloads (--hide-after, --leave-after, --offline-after).</summary>
internal enum WatchInterruptionKind
{
    Hide,
    Leave,
    Offline,
}
