namespace Lab.BrowserLab.Fit;

/// <summary>
/// A back-off table of Chromium's error page: the delay before reload n (0-based), counted from the previous
/// failed load, the last entry repeating. Both are in shared/FACTS.md with their sources.
/// </summary>
internal sealed record ReloadTable(string Name, IReadOnlyList<double> DelaysS, string Source)
{
    /// <summary>components/error_page/content/browser/net_error_auto_reloader.cc, GetNextReloadDelay.</summary>
    public static readonly ReloadTable Today = new("today", [1, 5, 30, 60, 300, 600, 1800],
        "NetErrorAutoReloader (1 s, 5 s, 30 s, 1 min, 5 min, 10 min, 30 min)");

    /// <summary>chrome/renderer/net/net_error_helper_core.cc, GetAutoReloadTime, as of 2014.</summary>
    public static readonly ReloadTable Year2014 = new("2014", [0, 5, 30, 60, 300, 600, 1800],
        "net_error_helper_core.cc of 2014 (0, 5 s, 30 s, 60 s, 300 s, 600 s, 30 min)");

    public static readonly IReadOnlyList<ReloadTable> All = [Today, Year2014];

    public double Delay(int reload) => DelaysS[Math.Min(reload, DelaysS.Count - 1)];

    /// <summary>How a network coming back restarts the back-off: 2014's NetworkStateChanged reset the count (the
    /// next reload at the table's first delay); today's reloader resumes its paused timer where it was.</summary>
    public bool NetworkResetsCount => this == Year2014;
}
