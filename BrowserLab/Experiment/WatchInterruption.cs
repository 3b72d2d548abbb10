namespace Lab.BrowserLab.Experiment;

/// <summary>What is done to the error page during <c>--watch-after</c>, and when (after the last navigation
/// ended): the conditions under which Chromium's error page may stop reloading itself.</summary>
internal sealed record WatchInterruption(WatchInterruptionKind Kind, TimeSpan After)
{
    /// <summary>report.json's name for it.</summary>
    public string Name => Kind switch
    {
        WatchInterruptionKind.Hide => "hide",
        WatchInterruptionKind.Leave => "leave",
        _ => "offline",
    };

    public string Describe() => Kind switch
    {
        WatchInterruptionKind.Hide => "a new blank page brought to the front: the error page's tab is hidden",
        WatchInterruptionKind.Leave => "the error page's tab navigated to about:blank",
        _ => "the browser context taken offline (DevTools network emulation)",
    };
}
